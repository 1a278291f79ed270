# Tanggap on Node, as one container: built with the dev dependencies, run with the production
# ones only. See README.md, "Going live".
#
#   docker build -t tanggap .
#   docker run -d -p 8787:8787 -v tanggap-data:/data \
#     -e TANGGAP_SECRET="$(openssl rand -base64 48)" -e TANGGAP_ADMIN_KEY="$(openssl rand -base64 32)" tanggap
#
# Keep both secrets somewhere safe and pass the same ones on every start: the secret keys every
# reader hash, the admin key signs in to /newsroom.

# Build: widget, static files, OpenAPI document and the bundled server, all into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: dist/ (server.mjs, assets/, migrations/) and production dependencies, nothing else.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    TANGGAP_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The database (/data/tanggap.db, WAL files beside it) lives on a volume owned by the
# unprivileged `node` user the server runs as.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8787
# Slim images have no curl; Node 20 has fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# On SIGTERM (docker stop) the server stops accepting, answers the requests in flight, commits
# their writes and closes the database, within 8 s: under docker's default 10 s grace.
STOPSIGNAL SIGTERM
# The flags of `npm start` (docs/PERFORMANCE.md, "Memory"). node runs directly as PID 1, not
# under npm or a shell, so it receives the signal itself.
CMD ["node", "--max-semi-space-size=16", "--max-old-space-size=256", "dist/server.mjs"]

/**
 * Whether `origin` (`scheme://host[:port]`) matches one of a site's allowed origins. A pattern
 * may end in `:*` to allow any port on that host (used by the local demo sites), or start with
 * `https://*.` to allow every subdomain of a domain.
 */
export function originAllowed(origin: string | null | undefined, patterns: readonly string[]): boolean {
  if (!origin) return false;
  const normalized = origin.toLowerCase().replace(/\/$/, '');
  for (const raw of patterns) {
    const pattern = raw.toLowerCase().replace(/\/$/, '');
    if (pattern === normalized) return true;
    if (pattern.endsWith(':*')) {
      const base = pattern.slice(0, -2);
      if (normalized === base || (normalized.startsWith(`${base}:`) && /^\d{1,5}$/.test(normalized.slice(base.length + 1)))) {
        return true;
      }
    }
    const wildcard = /^(https?):\/\/\*\.(.+)$/.exec(pattern);
    if (wildcard) {
      const [, scheme, domain] = wildcard;
      if (normalized.startsWith(`${scheme}://`) && normalized.endsWith(`.${domain}`)) return true;
    }
  }
  return false;
}

/** The origin of an absolute http(s) URL, or null when it is not one. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * A CSP source expression as a site's origin list may hold it: scheme, host (optionally
 * `*.`-prefixed) and port (or `*`). Anything else — spaces, semicolons, quotes, paths, IPv6
 * literals (which CSP's grammar cannot express) — could widen or break the policy, so it is
 * dropped rather than escaped.
 */
const SOURCE_EXPRESSION = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d{1,5}|\*))?$/i;

/** The site origins that may frame a page, filtered to well-formed CSP sources. */
export function frameAncestorSources(origins: readonly string[]): string[] {
  return origins.map((origin) => origin.replace(/\/$/, '')).filter((origin) => SOURCE_EXPRESSION.test(origin));
}

const ORIGIN_PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(?::(\d{1,5}|\*))?$/;

/**
 * The one spelling a site stores an allowed-origin pattern in, so a list holds no duplicates
 * and `originAllowed` compares like with like: lower case, no trailing slash, no default port
 * (`https://News.Example:443/` → `https://news.example`), wildcards kept. Null when it is not
 * `scheme://host[:port]` with an optional `*.` subdomain or `:*` port wildcard.
 */
export function normalizeOrigin(pattern: string): string | null {
  const match = ORIGIN_PATTERN.exec(pattern.trim().replace(/\/$/, '').toLowerCase());
  if (!match) return null;
  const [, scheme, subdomains = '', host, port] = match;
  try {
    const parsed = new URL(`${scheme}://${host}${port && port !== '*' ? `:${port}` : ''}`);
    return `${parsed.protocol}//${subdomains}${parsed.host}${port === '*' ? ':*' : ''}`;
  } catch {
    return null;
  }
}

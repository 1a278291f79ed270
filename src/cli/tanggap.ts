import { Command, Option } from 'commander';
import { reactionSetNames } from '../sites/reaction-sets';

/**
 * `tanggap`: manages sites and keys through the newsroom HTTP API with the instance admin key,
 * so one command serves a Node server and a Worker alike. It imports nothing from the server
 * but data and types, so it bundles on its own.
 *
 * @example TANGGAP_URL=https://tanggap.example TANGGAP_ADMIN_KEY=tgp_… npm run tanggap -- site create kabar --name "Kabar Kita" --origin https://www.kabarkita.id
 */

type Globals = { url?: string; key?: string; json?: boolean };
type ErrorEnvelope = { error: { code: string; message: string; details?: { path: string; message: string }[]; requestId?: string } };

/** A failure already explained to the user; `main` prints it and exits non-zero. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function connection(globals: Globals): { url: string; key: string } {
  const url = (globals.url ?? process.env.TANGGAP_URL ?? '').replace(/\/+$/, '');
  const key = globals.key ?? process.env.TANGGAP_ADMIN_KEY ?? '';
  if (!/^https?:\/\/[^/]+/.test(url)) throw new CliError('Set TANGGAP_URL (or --url) to the server, e.g. https://tanggap.example or http://127.0.0.1:8787.', 2);
  if (!key) throw new CliError('Set TANGGAP_ADMIN_KEY (or --key) to the instance admin key.', 2);
  return { url, key };
}

/** Plain lines for an API error envelope: code and status, message, then each field. */
function describeError(status: number, body: unknown): string {
  const envelope = body as Partial<ErrorEnvelope> | null;
  if (!envelope?.error?.code) return `error: HTTP ${status}: ${typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)}`;
  const { code, message, details = [], requestId } = envelope.error;
  return [
    `error: ${code} (HTTP ${status}): ${message}`,
    ...details.map((detail) => `  - ${detail.path}: ${detail.message}`),
    ...(requestId ? [`  request id: ${requestId}`] : []),
  ].join('\n');
}

function acceptLanguage(): Record<string, string> {
  const locale = (process.env.LC_ALL || process.env.LANG || '').slice(0, 2).toLowerCase();
  return locale === 'id' || locale === 'en' ? { 'accept-language': locale } : {};
}

async function api(globals: Globals, method: string, path: string, body?: unknown): Promise<unknown> {
  const { url, key } = connection(globals);
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...acceptLanguage(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new CliError(`error: cannot reach ${url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page, say): shown as text below.
  }
  if (!response.ok) throw new CliError(describeError(response.status, parsed));
  return parsed;
}

/** `key: value` lines, keys padded to one column. */
function lines(pairs: [string, string | number][]): string {
  const width = Math.max(...pairs.map(([name]) => name.length));
  return pairs.map(([name, value]) => `${`${name}:`.padEnd(width + 2)}${value}`).join('\n');
}

/** A plain text table with a header row. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

type SiteView = {
  id: string;
  name: string;
  origins: string[];
  defaultLocale: string;
  timeZone: string;
  reactions?: { key: string; emoji: string; active: boolean }[];
  holds?: { articles: number; votes: number; comments: number; keys: number };
};

function siteLines(site: SiteView, script?: string): string {
  const pairs: [string, string | number][] = [
    ['id', site.id],
    ['name', site.name],
    ['origins', site.origins.join(', ')],
    ['language', site.defaultLocale],
    ['time zone', site.timeZone],
  ];
  if (site.reactions) pairs.push(['reactions', site.reactions.filter((r) => r.active).map((r) => `${r.emoji} ${r.key}`).join(', ')]);
  if (site.holds) pairs.push(['holds', `${site.holds.articles} articles, ${site.holds.votes} votes, ${site.holds.comments} comments, ${site.holds.keys} keys`]);
  if (script) pairs.push(['script tag', script]);
  return lines(pairs);
}

/** The `<script>` tag to paste, from the site's settings (instance and site admins only). */
async function scriptTag(globals: Globals, siteId: string): Promise<string | undefined> {
  try {
    const settings = (await api(globals, 'GET', `/v1/newsroom/sites/${encodeURIComponent(siteId)}/settings`)) as { install?: { script?: string } };
    return settings.install?.script;
  } catch {
    return undefined;
  }
}

function print(globals: Globals, raw: unknown, plain: string): void {
  process.stdout.write(`${globals.json ? JSON.stringify(raw, null, 2) : plain}\n`);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The command line: global connection options, then `site …` and `key …`. */
function tanggapProgram(): Command {
  const program = new Command('tanggap')
    .description('Manage Tanggap sites and keys through the newsroom API (Node and Workers alike).')
    .option('--url <url>', 'server base URL (default: $TANGGAP_URL)')
    .option('--key <key>', 'instance admin key (default: $TANGGAP_ADMIN_KEY)')
    .option('--json', 'print the raw JSON answer')
    .showHelpAfterError()
    .exitOverride();
  const globals = (command: Command) => command.optsWithGlobals<Globals>();

  const site = program.command('site').description('create, list and show sites');
  site
    .command('create <id>')
    .description('create a site (its id is the data-site attribute)')
    .requiredOption('--name <name>', "the site's name")
    .requiredOption('--origin <origin>', 'an origin its pages load from, e.g. https://www.kabarkita.id (repeatable)', collect)
    .addOption(new Option('--lang <lang>', 'default language').choices(['id', 'en']))
    .option('--time-zone <zone>', 'IANA time zone (default Asia/Jakarta)')
    .addOption(new Option('--reactions <set>', 'reaction set (default indonesian-8)').choices(reactionSetNames))
    .action(async (id: string, options: { name: string; origin: string[]; lang?: string; timeZone?: string; reactions?: string }, command: Command) => {
      const g = globals(command);
      const body = {
        id,
        name: options.name,
        origins: options.origin,
        ...(options.lang ? { defaultLocale: options.lang } : {}),
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        ...(options.reactions ? { reactionSet: options.reactions } : {}),
      };
      const created = (await api(g, 'POST', '/v1/newsroom/sites', body)) as SiteView;
      print(g, created, `Created site ${created.id}.\n${siteLines(created, await scriptTag(g, created.id))}`);
    });

  site
    .command('list')
    .description('list the sites this key may see')
    .action(async (_options: unknown, command: Command) => {
      const g = globals(command);
      const answer = (await api(g, 'GET', '/v1/newsroom/sites')) as { sites: SiteView[] };
      print(g, answer, answer.sites.length === 0 ? 'No sites.' : table(['ID', 'NAME', 'ORIGINS'], answer.sites.map((s) => [s.id, s.name, s.origins.join(', ')])));
    });

  site
    .command('show <id>')
    .description('show a site, what it holds and its script tag')
    .action(async (id: string, _options: unknown, command: Command) => {
      const g = globals(command);
      const described = (await api(g, 'GET', `/v1/newsroom/sites/${encodeURIComponent(id)}`)) as SiteView;
      print(g, described, siteLines(described, await scriptTag(g, id)));
    });

  const key = program.command('key').description('create API keys');
  key
    .command('create')
    .description("create a key for one site; it is shown once")
    .requiredOption('--site <id>', 'the site the key is for')
    .addOption(new Option('--role <role>', 'what the key may do').choices(['viewer', 'moderator', 'admin']).makeOptionMandatory())
    .option('--label <label>', 'a name to recognise the key by')
    .action(async (options: { site: string; role: string; label?: string }, command: Command) => {
      const g = globals(command);
      const body = { name: options.label ?? `${options.role} (tanggap command)`, role: options.role };
      const created = (await api(g, 'POST', `/v1/newsroom/sites/${encodeURIComponent(options.site)}/keys`, body)) as { id: number; key: string; name: string; role: string; siteId: string };
      print(
        g,
        created,
        `${lines([
          ['key', created.key],
          ['id', created.id],
          ['site', created.siteId],
          ['role', created.role],
          ['label', created.name],
        ])}\nCopy the key now: it is not shown again.`,
      );
    });

  return program;
}

/** Runs the command line and exits with its status: 0 done, 1 refused or unreachable, 2 misused. */
async function main(argv: string[]): Promise<number> {
  try {
    await tanggapProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    const exit = (error as { exitCode?: unknown }).exitCode;
    if (typeof exit === 'number') return exit === 0 ? 0 : 2;
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));

import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may point. A newsroom admin types the URL, so it must not become a way to
 * make this server call into its own network (SSRF): every address the host has is checked,
 * when the webhook is created and again before each delivery, so a name that later resolves
 * somewhere else (DNS rebinding) is caught at delivery.
 */

/** Resolves a host name to every address it has (Node: `dns.lookup` with `all`). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** The IPv4 addresses an IPv6 address carries inside it, for the ranges that embed one. */
function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4[] | null {
  const parts = address.parts;
  const v4 = (high: number, low: number) => ipaddr.fromByteArray([high >> 8, high & 0xff, low >> 8, low & 0xff]) as ipaddr.IPv4;
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return [v4(parts[6]!, parts[7]!)];
    case 'rfc6052':
      // 64:ff9b::/96 carries the address in its last 32 bits; the local-use 64:ff9b:1::/48 may
      // put it anywhere, so it has no address to judge and is refused below.
      return parts[1] === 0xff9b && parts[2] === 0 ? [v4(parts[6]!, parts[7]!)] : [];
    case '6to4':
      return [v4(parts[1]!, parts[2]!)];
    case 'teredo':
      // The Teredo server in bits 32–63, the client (inverted) in the last 32.
      return [v4(parts[2]!, parts[3]!), v4(parts[6]! ^ 0xffff, parts[7]! ^ 0xffff)];
    default:
      return null;
  }
}

/** How an address may be used: `public` (anyone's), `loopback` (this machine) or `private` (everything else). */
export function addressScope(text: string): 'public' | 'loopback' | 'private' {
  const bare = text.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return 'private';
  const address = ipaddr.parse(bare);
  if (address.kind() === 'ipv4') {
    const range = address.range();
    return range === 'unicast' ? 'public' : range === 'loopback' ? 'loopback' : 'private';
  }
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'loopback') return 'loopback';
  const embedded = embeddedIPv4(v6, range);
  if (embedded) {
    const scopes = embedded.map((v4) => addressScope(v4.toString()));
    if (scopes.length > 0 && scopes.every((scope) => scope === 'public')) return 'public';
    return scopes.length > 0 && scopes.every((scope) => scope === 'loopback') ? 'loopback' : 'private';
  }
  return range === 'unicast' && v6.zoneId === undefined ? 'public' : 'private';
}

/** Names that never leave the machine or the local network, whatever a resolver says (RFC 6761, 6762, 8375). */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|home\.arpa|lan)\.?$/i;

/**
 * Why this server must not call `hostname`, or null when it may: every address the name has
 * must be public (development also allows this machine, for a receiver on loopback). Without
 * a resolver (Workers, whose `fetch` cannot reach private or loopback addresses anyway) only
 * literal addresses and local names are judged.
 */
export async function refusedTarget(hostname: string, { production, resolveHost }: { production: boolean; resolveHost?: ResolveHost | undefined }): Promise<string | null> {
  const allowed = (scope: ReturnType<typeof addressScope>) => scope === 'public' || (!production && scope === 'loopback');
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(bare)) return allowed(addressScope(bare)) ? null : `${bare} is a private or local address`;
  if (LOCAL_NAME.test(bare)) return production ? `${bare} is a local name` : null;
  if (!resolveHost) return null;
  let addresses: string[];
  try {
    addresses = await resolveHost(bare);
  } catch {
    return `${bare} does not resolve`;
  }
  if (addresses.length === 0) return `${bare} does not resolve`;
  const refused = addresses.find((address) => !allowed(addressScope(address)));
  return refused === undefined ? null : `${bare} resolves to ${refused}, a private or local address`;
}

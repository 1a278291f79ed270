/** Whether Accept-Encoding allows gzip: named with q > 0, or `*` with q > 0 and gzip not refused. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    if (name === 'gzip') return weight > 0;
    if (name === '*') wildcard = weight > 0;
  }
  return wildcard;
}

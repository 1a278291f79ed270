import type { Db } from '../db/client';
import { AppError } from '../lib/errors';
import { frameAncestorSources } from '../lib/origins';
import { loadSite, type Site, siteAllowsOrigin } from '../sites/service';

/**
 * The site an /embed page belongs to, with who may frame it. Only the site's own pages may
 * frame the poll (a vote button on someone else's page would invite clickjacking), and the
 * page reports its height only to a `parentOrigin` that is one of the site's origins.
 */
export async function loadEmbedSite({
  db,
  siteId,
  parentOrigin,
}: {
  db: Db;
  siteId: string;
  parentOrigin: string | undefined;
}): Promise<{ site: Site; frameAncestors: string[] }> {
  const site = await loadSite({ db, siteId });
  if (parentOrigin && !siteAllowsOrigin(site, parentOrigin)) {
    throw new AppError(
      'invalid_input',
      {
        id: `parent ${parentOrigin} bukan asal yang terdaftar untuk situs "${site.id}".`,
        en: `parent ${parentOrigin} is not one of site "${site.id}"'s origins.`,
      },
      { details: [{ path: 'parent', message: `must be one of: ${site.origins.join(', ')}` }] },
    );
  }
  // Origins that are not valid CSP sources (IPv6 literals, which CSP cannot express, or
  // anything malformed) are left out rather than allowed to break or widen the policy.
  return { site, frameAncestors: frameAncestorSources(site.origins) };
}

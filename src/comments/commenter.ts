import type { Db } from '../db/client';
import { AppError } from '../lib/errors';
import type { Site } from '../sites/service';
import { signInRequired, verifySsoToken } from '../sso/service';

/** Who a comment is from: the name to show, and the keyed hash of the site account that vouches for it. */
export type Commenter = { name: string; ssoUserHash: string | null };

/**
 * The author of a comment about to be posted, by the site's `commentIdentity`. A sign-in
 * token, when sent, must be valid (whatever the mode) and its name replaces the typed one;
 * without one, `sso-required` refuses and the other modes take the typed name.
 */
export async function commenter({
  db,
  secret,
  site,
  name,
  ssoToken,
  now,
}: {
  db: Db;
  secret: string;
  site: Site;
  name: string | undefined;
  ssoToken: string | undefined;
  now: number;
}): Promise<Commenter> {
  if (ssoToken !== undefined) {
    const reader = await verifySsoToken({ db, secret, site, token: ssoToken, path: 'ssoToken', now });
    return { name: reader.name, ssoUserHash: reader.userHash };
  }
  if (site.settings.commentIdentity === 'sso-required') throw signInRequired();
  if (name === undefined) {
    throw new AppError(
      'invalid_input',
      { id: 'Permintaan tidak valid: periksa name.', en: 'Invalid request: check name.' },
      { details: [{ path: 'name', message: 'name is required (1–40 characters) unless ssoToken signs the reader in.' }] },
    );
  }
  return { name, ssoUserHash: null };
}

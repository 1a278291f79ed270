import { type SQL, sql } from 'drizzle-orm';
import type * as v from 'valibot';
import type { BatchItem, Db } from '../db/client';
import { AppError } from '../lib/errors';
import type { SiteSettings } from '../sites/schemas';
import type { AppEvent } from '../lib/events';
import { loadSite, type Site } from '../sites/service';
import type { houseRulesSchema } from './schemas';

/**
 * House rules: the terms a site's commenters agree to (Pedoman Pemberitaan Media Siber asks
 * that they forbid hoaxes, slander and SARA hate speech). The text lives in the site's
 * settings with a version that only moves when the text changes; a commenter's first comment
 * under a version records their agreement (version and time) in the same batch as the comment.
 */

export type HouseRules = v.InferOutput<typeof houseRulesSchema>;

/** The rules a site's settings currently show at its comment form, or null when they show none. */
export function activeRules(settings: SiteSettings): HouseRules | null {
  const rules = settings.houseRules;
  return rules?.text ? { version: rules.version, text: rules.text, url: rules.url } : null;
}

/**
 * Sets the rules text (both languages) and link. Changing either text bumps the version, in
 * the same statement that writes it, so two editors saving at once cannot share a number and
 * every commenter is asked again; changing only the link keeps the version.
 */
export async function setHouseRules({ db, siteId, text, url, now }: { db: Db; siteId: string; text: { id: string; en: string }; url: string | null; now: number }): Promise<{ rules: HouseRules; events: AppEvent[] }> {
  await loadSite({ db, siteId });
  await db.run(sql`UPDATE sites SET settings = json_set(settings, '$.houseRules', json_object(
      'version', coalesce(json_extract(settings, '$.houseRules.version'), 0)
        + CASE WHEN json_extract(settings, '$.houseRules.text.id') IS ${text.id} AND json_extract(settings, '$.houseRules.text.en') IS ${text.en} THEN 0 ELSE 1 END,
      'text', json_object('id', ${text.id}, 'en', ${text.en}),
      'url', ${url},
      'updatedAt', ${now}))
    WHERE id = ${siteId}`);
  return { rules: activeRules((await loadSite({ db, siteId, fresh: true })).settings) as HouseRules, events: [{ type: 'site.changed', siteId }] };
}

/** Stops showing rules. The version is kept, so rules set again later never match an old agreement. */
export async function removeHouseRules({ db, siteId, now }: { db: Db; siteId: string; now: number }): Promise<{ events: AppEvent[] }> {
  await loadSite({ db, siteId });
  await db.run(sql`UPDATE sites SET settings = json_set(settings, '$.houseRules', json_object(
      'version', coalesce(json_extract(settings, '$.houseRules.version'), 0), 'text', NULL, 'url', NULL, 'updatedAt', ${now}))
    WHERE id = ${siteId} AND json_extract(settings, '$.houseRules.version') IS NOT NULL`);
  return { events: [{ type: 'site.changed', siteId }] };
}

/** The newest rules version a commenter (reader hash or SSO user hash) agreed to on the site, or null. */
export async function agreedRulesVersion({ db, siteId, authorHash }: { db: Db; siteId: string; authorHash: string }): Promise<number | null> {
  const [row] = await db.all<{ version: number | null }>(sql`SELECT max(version) AS version FROM rules_agreements WHERE site_id = ${siteId} AND author_hash = ${authorHash}`);
  return row?.version ?? null;
}

/**
 * The agreement a comment needs before it is stored. Nothing when the site shows no rules or
 * the commenter already agreed to the current version; when `rulesVersion` (the version the
 * reader ticked) is the current one, the statement that records the agreement, run in the
 * comment's batch and only if the comment was written; otherwise a 422 that says what to do.
 */
export async function rulesAgreement({
  db,
  site,
  authorHash,
  rulesVersion,
  now,
}: {
  db: Db;
  site: Site;
  authorHash: string;
  rulesVersion: number | undefined;
  now: number;
}): Promise<((thisComment: SQL) => BatchItem) | null> {
  const rules = activeRules(site.settings);
  if (!rules) return null;
  const [row] = await db.all<{ agreed: number }>(sql`SELECT EXISTS (SELECT 1 FROM rules_agreements
    WHERE site_id = ${site.id} AND author_hash = ${authorHash} AND version = ${rules.version}) AS agreed`);
  if (row?.agreed) return null;
  if (rulesVersion !== rules.version) {
    const stale = rulesVersion !== undefined;
    throw new AppError(
      'rules_not_agreed',
      stale
        ? {
            id: 'Aturan komentar situs ini baru saja diperbarui. Baca lalu centang persetujuan aturan yang baru sebelum mengirim.',
            en: "This site's comment rules have just been updated. Read them and tick your agreement to the new rules before sending.",
          }
        : {
            id: 'Baca aturan komentar situs ini lalu centang persetujuan Anda sebelum mengirim komentar pertama.',
            en: "Read this site's comment rules and tick your agreement before sending your first comment.",
          },
      { details: [{ path: 'rulesVersion', message: `must be ${rules.version}, the current rules version, once the reader has agreed to it` }] },
    );
  }
  return (thisComment) =>
    db.run(sql`INSERT INTO rules_agreements (site_id, author_hash, version, agreed_at)
      SELECT ${site.id}, ${authorHash}, ${rules.version}, ${now} WHERE EXISTS (${thisComment})
      ON CONFLICT DO NOTHING`);
}

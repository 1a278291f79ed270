import * as v from 'valibot';
import { localeSchema, readerTokenSchema } from '../http/schemas';
import { siteIdSchema } from '../sites/schemas';

/** The site a reader asks on; erasure itself spans every site. */
export const readerSiteParamsSchema = v.object({ site: siteIdSchema });

export const eraseReaderBodySchema = v.strictObject({ reader: readerTokenSchema, lang: v.optional(localeSchema) });

export const erasureReceiptSchema = v.object({
  deleted: v.object({ votes: v.number(), comments: v.number(), likes: v.number(), reports: v.number() }),
});

import * as v from 'valibot';
import { localeSchema, pageTitleSchema, pageUrlSchema } from '../http/schemas';

/** Query of the /embed iframe page: the script tag's data-* attributes, plus the parent origin. */
export const embedQuerySchema = v.object({
  lang: v.optional(localeSchema),
  theme: v.optional(v.picklist(['auto', 'light', 'dark'], 'theme must be "auto", "light" or "dark".')),
  url: v.optional(pageUrlSchema),
  title: v.optional(pageTitleSchema),
  parent: v.optional(
    v.pipe(v.string(), v.regex(/^https?:\/\/[^/?#\s]+$/, 'parent must be an origin such as https://news.example.')),
  ),
});

export const fragmentQuerySchema = v.object({ lang: v.optional(localeSchema) });

import * as v from 'valibot';
import { houseRulesSchema } from '../../comments/schemas';
import { rulesTextSchema, siteLinkSchema } from '../../sites/schemas';

/** New house rules: the text in both languages and an optional link to the full terms. */
export const houseRulesBodySchema = v.strictObject(
  {
    text: v.strictObject(
      { id: rulesTextSchema('text.id'), en: rulesTextSchema('text.en') },
      'text must have exactly id (Indonesian) and en (English).',
    ),
    url: v.optional(v.nullable(siteLinkSchema('url')), null),
  },
  'Unknown field: send text ({ id, en }) and url.',
);

export const houseRulesAnswerSchema = v.object({ rules: houseRulesSchema });

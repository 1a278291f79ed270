import * as v from 'valibot';
import { articleIdSchema, wellFormedText } from '../../http/schemas';

const plainText = (field: string, max: number) =>
  v.pipe(
    v.string(`${field} must be text.`),
    v.trim(),
    v.minLength(1, `${field} must not be empty.`),
    v.maxLength(max, `${field} must be at most ${max} characters.`),
    v.regex(/^[^\p{Cc}]*$/u, `${field} must not contain control characters.`),
    wellFormedText(field),
  );

const instant = (field: string) =>
  v.pipe(
    v.number(`${field} must be a time in epoch milliseconds.`),
    v.integer(`${field} must be whole milliseconds.`),
    v.minValue(946_684_800_000, `${field} must be after 2000-01-01.`),
    v.maxValue(4_102_444_800_000, `${field} must be before 2100-01-01.`),
  );

export const issuers = ['komdigi', 'police', 'court', 'other'] as const;

/**
 * An authority order as a moderator records it. The deadline is `urgent` (4 hours after
 * receipt), `normal` (24 hours) or `custom` with its own `dueAt`; `other` issuers are named in
 * `issuerName`. At least one comment or article must be covered. `correctsId` makes the entry
 * a correction of an earlier one (the log is never edited).
 */
export const orderBodySchema = v.pipe(
  v.strictObject(
    {
      issuer: v.picklist(issuers, 'issuer must be komdigi, police, court or other.'),
      issuerName: v.optional(plainText('issuerName', 100)),
      reference: plainText('reference', 100),
      receivedAt: instant('receivedAt'),
      urgency: v.picklist(['urgent', 'normal', 'custom'], 'urgency must be urgent (4 hours), normal (24 hours) or custom (with dueAt).'),
      dueAt: v.optional(instant('dueAt')),
      commentIds: v.optional(
        v.pipe(
          v.array(v.pipe(v.number('commentIds must be comment ids (numbers).'), v.integer('commentIds must be whole numbers.'), v.minValue(1, 'commentIds must be at least 1.'))),
          v.maxLength(100, 'at most 100 comments per order.'),
        ),
        [],
      ),
      articleIds: v.optional(v.pipe(v.array(articleIdSchema), v.maxLength(100, 'at most 100 articles per order.')), []),
      note: v.optional(plainText('note', 1000)),
      correctsId: v.optional(v.pipe(v.number('correctsId must be an order id (a number).'), v.integer('correctsId must be a whole number.'), v.minValue(1, 'correctsId must be at least 1.'))),
    },
    'Unknown field: send issuer, issuerName, reference, receivedAt, urgency, dueAt, commentIds, articleIds, note and correctsId.',
  ),
  v.forward(
    v.partialCheck([['issuer'], ['issuerName']], ({ issuer, issuerName }) => issuer !== 'other' || issuerName !== undefined, 'issuerName names the issuer when issuer is other.'),
    ['issuerName'],
  ),
  v.forward(
    v.partialCheck(
      [['urgency'], ['dueAt'], ['receivedAt']],
      ({ urgency, dueAt, receivedAt }) => (urgency === 'custom' ? dueAt !== undefined && dueAt > receivedAt : dueAt === undefined),
      'dueAt is required with urgency custom (after receivedAt) and only then; urgent is 4 hours, normal 24 hours after receivedAt.',
    ),
    ['dueAt'],
  ),
  v.forward(
    v.partialCheck([['commentIds'], ['articleIds']], ({ commentIds, articleIds }) => commentIds.length + articleIds.length > 0, 'an order covers at least one comment (commentIds) or article (articleIds).'),
    ['commentIds'],
  ),
);

export type OrderInput = v.InferOutput<typeof orderBodySchema>;

export const orderListQuerySchema = v.object({
  state: v.optional(v.picklist(['open', 'all'], 'state must be open or all.'), 'all'),
});

export const orderExportQuerySchema = v.object({
  format: v.optional(v.picklist(['csv', 'json'], 'format must be csv or json.'), 'json'),
});

/** One action taken for an order, from the moderation log. */
const orderActionSchema = v.object({ commentId: v.nullable(v.number()), action: v.string(), reason: v.nullable(v.string()), actorName: v.string(), at: v.number() });

/** An order with where it stands: its actions, when it was first acted on, and its deadline at `now`. */
export const orderSchema = v.object({
  id: v.number(),
  issuer: v.picklist(issuers),
  issuerName: v.nullable(v.string()),
  reference: v.string(),
  receivedAt: v.number(),
  urgency: v.picklist(['urgent', 'normal', 'custom']),
  dueAt: v.number(),
  commentIds: v.array(v.number()),
  articleIds: v.array(v.string()),
  note: v.nullable(v.string()),
  correctsId: v.nullable(v.number()),
  /** A later entry that corrects this one; a corrected order is no longer due. */
  correctedBy: v.nullable(v.number()),
  recordedBy: v.string(),
  recordedAt: v.number(),
  actions: v.array(orderActionSchema),
  /** The first action's time: when the order was handled. */
  handledAt: v.nullable(v.number()),
  /** `open`, `handled`, `handled-late` or `corrected`. */
  status: v.picklist(['open', 'handled', 'handled-late', 'corrected']),
  msLeft: v.number(),
  /** Open past its deadline. */
  overdue: v.boolean(),
});

export const orderListSchema = v.object({ orders: v.array(orderSchema) });

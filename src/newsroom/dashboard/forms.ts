import type { Context } from 'hono';
import * as v from 'valibot';
import { invalidInput } from '../../http/validate';
import type { NewsroomEnv } from '../access/middleware';
import { emptyNewSite, type NewSiteValues } from './pages/new-site';

/**
 * The dashboard's forms, read into the shapes the JSON API takes, so that one valibot schema
 * (from the capability's `schemas.ts`) checks both: a form is only a different encoding of the
 * same request. What is here is only that encoding: text fields, one item per line, numbers
 * from text, checkboxes.
 */

type FormBody = Record<string, string | File | (string | File)[]>;

/** A posted form, each field read as text (the dashboard never takes files). */
export type Form = { text(name: string): string; texts(name: string): string[] };

export async function readForm(c: Context<NewsroomEnv>): Promise<Form> {
  const body = (await c.req.parseBody({ all: true })) as FormBody;
  const texts = (name: string) => {
    const value = body[name];
    return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string');
  };
  return { text: (name) => texts(name)[0] ?? '', texts };
}

/** A textarea as a list: one trimmed item per non-empty line. */
export const lineList = (value: string) =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** A number field: empty is not zero but NaN, which the schema refuses as not a number. */
const numberField = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

/** What a schema made of a form: its output, or its problems by dotted field path. */
export type Parsed<Output> = { success: true; output: Output } | { success: false; errors: Record<string, string> };

/** Parses `input` with `schema`, naming each failing field (the first problem per field). */
export function parseWith<Schema extends v.GenericSchema>(schema: Schema, input: unknown): Parsed<v.InferOutput<Schema>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { success: true, output: result.output };
  const errors: Record<string, string> = {};
  for (const issue of result.issues) {
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? 'form';
    errors[path] ??= issue.message;
  }
  return { success: false, errors };
}

/**
 * Parses `input` with `schema`, or throws the API's own 400 naming each field: for buttons
 * and links whose page has no place for field errors (the error page shows it).
 */
export function parseOrRefuse<Schema extends v.GenericSchema>(schema: Schema, input: unknown, target: string): v.InferOutput<Schema> {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    throw invalidInput(
      target,
      result.issues.map((issue) => ({ message: issue.message, path: issue.path?.map((item) => ({ key: item.key as PropertyKey })) })),
    );
  }
  return result.output;
}

/** "Situs baru" as typed, to show again beside its errors; empty choices take the form's defaults. */
export function newSiteValues(form: Form): NewSiteValues {
  return {
    id: form.text('id').trim(),
    name: form.text('name'),
    origins: form.text('origins'),
    defaultLocale: form.text('defaultLocale') || emptyNewSite.defaultLocale,
    timeZone: form.text('timeZone').trim() || emptyNewSite.timeZone,
    reactionSet: form.text('reactionSet') || emptyNewSite.reactionSet,
  };
}

/** "Situs baru", as `createSiteBodySchema` takes it. */
export const newSiteFields = (values: NewSiteValues) => ({ ...values, origins: lineList(values.origins) });

/** The general settings form, as `settingsPatchBodySchema` takes it. Empty word lists mean none. */
export function settingsFields(form: Form) {
  const words = (name: string) => {
    const list = lineList(form.text(name));
    return list.length > 0 ? list : null;
  };
  const number = (name: string) => numberField(form.text(name));
  return {
    name: form.text('name'),
    origins: lineList(form.text('origins')),
    defaultLocale: form.text('defaultLocale'),
    timeZone: form.text('timeZone').trim(),
    settings: {
      moderationMode: form.text('moderationMode'),
      commentsEnabled: form.text('commentsEnabled') === '1',
      resultVisibility: form.text('resultVisibility'),
      reportThreshold: number('reportThreshold'),
      complaintDeadlineHours: number('complaintDeadlineHours'),
      editWindowMinutes: number('editWindowMinutes'),
      votesPerNetworkPerDay: number('votesPerNetworkPerDay'),
      commentIntervalSeconds: number('commentIntervalSeconds'),
      commentsPerDay: number('commentsPerDay'),
      votesPerAddressPerDay: number('votesPerAddressPerDay'),
      commentsPerAddressPerDay: number('commentsPerAddressPerDay'),
      likesPerAddressPerDay: number('likesPerAddressPerDay'),
      reportsPerNetworkPerDay: number('reportsPerNetworkPerDay'),
      hardCeilingFactor: number('hardCeilingFactor'),
      trustAfterApprovedComments: number('trustAfterApprovedComments'),
      // Left empty, comments never close on schedule.
      closeCommentsAfterDays: form.text('closeCommentsAfterDays').trim() === '' ? 0 : number('closeCommentsAfterDays'),
      heldCommentRetentionDays: number('heldCommentRetentionDays'),
      rejectedCommentRetentionDays: number('rejectedCommentRetentionDays'),
      networkKeyRetentionDays: number('networkKeyRetentionDays'),
      bannedWords: words('bannedWords'),
      suspectWords: words('suspectWords'),
    },
  };
}

/** A reaction's emoji and labels, as `addReactionBodySchema` and `updateReactionBodySchema` take them. */
export function reactionFields(form: Form) {
  return {
    emoji: form.text('emoji').trim(),
    labels: { id: form.text('labelId'), en: form.text('labelEn') },
  };
}

/**
 * A moderation button (`approve:12`, `mute:selected`): the verb and the comment ids it acts on,
 * with the decision's reason and note as `actionBodySchema` takes them (absent when left empty).
 */
export function moderationFields(form: Form): { verb: string; ids: number[]; days: number; reason: string | undefined; note: string | undefined } {
  const [verb = '', target = ''] = form.text('act').split(':');
  const ids = (target === 'selected' ? form.texts('ids') : [target]).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
  return { verb, ids, days: numberField(form.text('days')), reason: form.text('reason') || undefined, note: form.text('note').trim() || undefined };
}

/** The article page's buttons (`poll:close`, `comments:automatic`), as `articleStateBodySchema` takes them. */
export function articleStateFields(form: Form) {
  const [what, state] = form.text('change').split(':');
  return what === 'poll' ? { pollOpen: state === 'open' } : what === 'comments' ? { comments: state } : {};
}

import type * as v from 'valibot';
import type { pollViewSchema } from '../reactions/schemas';

/**
 * The poll as the API returns it from `GET …/poll`, `PUT …/vote` and `DELETE …/vote`: inferred
 * from the API's response schema, imported as a type only (esbuild erases it, so the widget
 * bundle never reaches into server code) so the two cannot drift.
 */
export type Poll = v.InferOutput<typeof pollViewSchema>;

export type Lang = 'id' | 'en';

/**
 * A failed read (`choice` undefined) or write (`choice` is the vote to resend on retry).
 * `message` is the server's localized text when the reader should see it (429).
 */
export interface Failure {
  choice?: string | null;
  message?: string;
}

import * as v from 'valibot';
import type { Locale } from '../../lib/errors';

/**
 * Why a moderator decided as they did: a fixed list, so the monthly report and the reporter's
 * answer speak the same words, in Indonesian and English. The violations follow the Pedoman
 * Pemberitaan Media Siber (hoaxes, slander, SARA hate speech) and common house rules;
 * `tidak-melanggar` is the one reason for keeping a comment up.
 */
export const decisionReasons = {
  hoaks: { id: 'Hoaks', en: 'Hoax' },
  fitnah: { id: 'Fitnah', en: 'Slander' },
  sara: { id: 'SARA / ujaran kebencian', en: 'SARA / hate speech' },
  pelecehan: { id: 'Pelecehan', en: 'Harassment' },
  pornografi: { id: 'Pornografi', en: 'Pornography' },
  'data-pribadi': { id: 'Menyebar data pribadi', en: 'Shares personal data' },
  spam: { id: 'Spam', en: 'Spam' },
  'di-luar-topik': { id: 'Di luar topik', en: 'Off topic' },
  'perintah-otoritas': { id: 'Perintah otoritas', en: 'Authority order' },
  lainnya: { id: 'Pelanggaran lain', en: 'Other violation' },
  'tidak-melanggar': { id: 'Tidak melanggar', en: 'No violation' },
} as const satisfies Record<string, Record<Locale, string>>;

export type DecisionReason = keyof typeof decisionReasons;

export const decisionReasonKeys = Object.keys(decisionReasons) as [DecisionReason, ...DecisionReason[]];

export const decisionReasonSchema = v.picklist(decisionReasonKeys, `reason must be one of: ${decisionReasonKeys.join(', ')}.`);

/** A reason as a reader or editor reads it. */
export function reasonLabel(reason: string | null, locale: Locale): string | null {
  return reason !== null && reason in decisionReasons ? decisionReasons[reason as DecisionReason][locale] : reason;
}

import type { Locale, Localized } from './errors';

export const locales = ['id', 'en'] as const satisfies readonly Locale[];

/**
 * The reader's language: an explicit `lang` wins, then the first supported language in
 * Accept-Language, then the fallback (the site's default, or Indonesian).
 */
export function pickLocale(explicit: string | undefined | null, acceptLanguage: string | undefined | null, fallback: Locale = 'id'): Locale {
  if (explicit === 'id' || explicit === 'en') return explicit;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...params] = part.trim().toLowerCase().split(';');
        const q = params.find((p) => p.trim().startsWith('q='));
        return { base: tag.split('-')[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 };
      })
      .sort((a, b) => b.q - a.q);
    for (const { base, q } of ranked) {
      if (q > 0 && (base === 'id' || base === 'en')) return base;
    }
  }
  return fallback;
}

export function t(text: Localized, locale: Locale): string {
  return text[locale];
}

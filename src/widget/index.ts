import type { Tanggap } from './account';
import { articleDetails } from './api';
import { loadChunk } from './chunk';
import { mount, type MountOptions } from './mount';

/**
 * Entry of widget.js. Configured only by data-* attributes (see README.md): on its own
 * <script> tag for the article under which it sits, and on `[data-tanggap-article]`
 * containers for index pages (their attributes override the script's). Sets one global,
 * `window.Tanggap` (below), and never throws into the host page.
 */
function start(script: HTMLScriptElement) {
  const defaults = script.dataset;
  const base = new URL(script.src).origin;
  const url = document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href || location.href.split('#')[0]!;

  const mountInto = (host: HTMLElement, data: DOMStringMap) => {
    const options = { base, url, title: document.title, lang: 'id', ...defaults, ...data } as MountOptions;
    options.details = articleDetails(options);
    options.load = loadChunk;
    try {
      if (!host.shadowRoot && options.article) mount(host, options);
    } catch {
      // one broken container must not stop the others, nor the host page
    }
  };
  const mountContainers = () =>
    document
      .querySelectorAll<HTMLElement>('[data-tanggap-article]')
      .forEach((c) => mountInto(c, { ...c.dataset, article: c.dataset.tanggapArticle }));

  if (defaults.article) mountInto(script.parentNode!.insertBefore(document.createElement('tanggap-poll'), script.nextSibling), {});
  mountContainers();
  document.addEventListener('DOMContentLoaded', mountContainers);
}

// `Tanggap.signIn(token)` / `signOut()` for the page, until account.js (loaded on sites with
// sign-in) takes over and picks up the last token handed over here.
(self as unknown as { Tanggap: Partial<Tanggap> }).Tanggap ??= {
  signIn(token) {
    this.t = token;
  },
  signOut() {
    this.t = '';
  },
};

try {
  start((document.currentScript || document.querySelector('script[src*="/widget"][data-site]')) as HTMLScriptElement);
} catch {
  // never break the host page
}

import type { Site } from '../../sites/service';

/** The snippets a newsroom pastes into its article template, for one site on this host. */
export type InstallSnippets = { script: string; iframe: string; amp: string; noscript: string };

/** Stands for the article's own id in every snippet; the template fills it in. */
const ARTICLE_PLACEHOLDER = 'ARTICLE-ID';

/**
 * The exact tags for a site, with its id and this server's public base (`base`, no trailing
 * slash): the `<script>` tag, the `/embed` iframe (with the resize listener, and `parent` when
 * the site has a plain origin to name), its AMP form, and the `<noscript>` fragment. See
 * src/widget/README.md for what each does.
 */
export function installSnippets(base: string, site: Pick<Site, 'id' | 'origins' | 'defaultLocale'>): InstallSnippets {
  const id = encodeURIComponent(site.id);
  const article = ARTICLE_PLACEHOLDER;
  const parent = site.origins.find((origin) => !origin.includes('*'));
  const embed = `${base}/embed/${id}/${article}${parent ? `?parent=${encodeURIComponent(parent)}` : ''}`;
  const frameId = `tanggap-${article}`;
  const title = site.defaultLocale === 'en' ? "Readers' reactions" : 'Tanggapan pembaca';
  const resize = parent
    ? `\n<script>\n  addEventListener('message', function (event) {\n    var frame = document.getElementById('${frameId}');\n    if (event.origin !== '${new URL(base).origin}' || event.source !== frame.contentWindow) return;\n    if (event.data && event.data.type === 'tanggap:resize') frame.height = String(event.data.height);\n  });\n</script>`
    : '';
  return {
    script: `<script async src="${base}/widget.js" data-site="${id}" data-article="${article}"></script>`,
    iframe: `<iframe id="${frameId}" title="${title}" width="100%" height="400" style="border:0" loading="lazy" src="${embed}"></iframe>${resize}`,
    amp: `<amp-iframe title="${title}" height="400" layout="fixed-height" sandbox="allow-scripts allow-same-origin allow-popups" frameborder="0" src="${base}/embed/${id}/${article}"></amp-iframe>`,
    noscript: `<noscript>\n  <iframe title="${title}" src="${base}/v1/sites/${id}/articles/${article}/fragment?lang=${site.defaultLocale}" width="100%" height="220" style="border:0" loading="lazy"></iframe>\n</noscript>`,
  };
}

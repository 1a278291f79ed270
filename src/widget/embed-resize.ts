/**
 * Entry of embed-resize.js, loaded only by the /embed iframe page next to widget.js: reports
 * the page's height to the embedding page so it can size the iframe. It posts only to the
 * parent origin in its `data-parent`, which the server checked against the site's origins.
 */
try {
  const parentOrigin = (document.currentScript as HTMLScriptElement).dataset.parent!;
  new ResizeObserver(([entry]) =>
    parent.postMessage({ type: 'tanggap:resize', height: Math.ceil(entry!.contentRect.height) }, parentOrigin),
  ).observe(document.documentElement);
} catch {
  // no ResizeObserver: the iframe keeps the height the page gave it
}

const loading: Record<string, Promise<unknown>> = {};

/**
 * Loads one of the widget's on-demand scripts, `${base}/${name}.js`, once per page, and
 * resolves with what it hands over: each chunk dispatches `tanggap:${name}` on `document` as it
 * runs, so no script sets a global. A failed load is forgotten, so a retry fetches it again.
 *
 * @example loadChunk<More>(options.base, 'more').then((more) => more.voter(…))
 */
export const loadChunk = <T>(base: string, name: string) =>
  (loading[name] ??= new Promise((resolve, reject) => {
    document.addEventListener(`tanggap:${name}`, (event) => resolve((event as CustomEvent).detail), { once: true });
    const script = document.createElement('script');
    script.src = `${base}/${name}.js`;
    script.onerror = () => {
      delete loading[name];
      reject();
    };
    document.head.appendChild(script);
  })) as Promise<T>;

const loading: Record<string, Promise<unknown>> = {};

/**
 * Loads one of the widget's on-demand scripts, `${this.base}/${name}.js`, once per page, and
 * resolves with what it hands over: each chunk dispatches `tanggap:${name}` on `document` as it
 * runs, so no script sets a global. A failed load is forgotten, so a retry fetches it again.
 * Called as a method of the target (`target.load('x')`), so no call site repeats the base URL.
 *
 * @example options.load<More>('more').then((more) => more.voter(…))
 */
export function loadChunk<T>(this: { base: string }, name: string) {
  return (loading[name] ??= new Promise((resolve, reject) => {
    document.addEventListener(`tanggap:${name}`, (event) => resolve((event as CustomEvent).detail), { once: true });
    const script = document.createElement('script');
    script.src = `${this.base}/${name}.js`;
    script.onerror = () => {
      delete loading[name];
      reject();
    };
    document.head.appendChild(script);
  })) as Promise<T>;
}

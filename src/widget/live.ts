import type { Target } from './api';
import { articlePath, siteUrl } from './comments/api';
import { tallied } from './state';
import type { PollView } from './vote';

/**
 * Follows the poll's tally live while it is on screen and the tab is visible: an EventSource
 * where the poll says `live: "sse"` (Node), a WebSocket where it says `live: "ws"` (Workers),
 * nothing where it says neither. Leaving the viewport or hiding the tab closes it; any failure
 * closes it too, silently, and the poll keeps the tally it has until the reader scrolls back
 * or returns to the tab.
 */
export function follow(node: Element, target: Target, view: PollView): void {
  const { live } = view.state.poll!;
  if (!live) return;
  const url = siteUrl(target, articlePath(target, 'live'));
  let source: EventSource | WebSocket | 0 | undefined;
  let seen: boolean | undefined;
  const stop = () => {
    if (source) source.close();
    source = 0;
  };
  const update = () => {
    if (!seen || document.hidden) return stop();
    if (source) return;
    source = live == 'ws' ? new WebSocket(url.replace('http', 'ws')) : new EventSource(url);
    source.onmessage = ({ data }) => view.render(tallied(view.state, JSON.parse(data).counts));
    source.onerror = stop;
  };
  new IntersectionObserver(([entry]) => {
    seen = entry!.isIntersecting;
    update();
  }).observe(node);
  document.addEventListener('visibilitychange', update);
}

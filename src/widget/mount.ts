import { readPoll, type Target } from './api';
import type { More } from './more';
import { make, set } from './dom';
import { ensureToken, load as loadStored, readToken, store } from './reader';
import { nextChoice, resultsVisible, settled, type State } from './state';
import css from './styles.css';
import { optionName, texts, toLang, totalText } from './text';
import type { PollView, Send } from './vote';

/** The merged data-* attributes of the script tag and the container. */
export interface MountOptions extends Target {
  theme?: string;
  /** How many reaction cells to reserve before the poll arrives (the site's reaction count). */
  reactions?: string;
  /** `off` leaves the comment section out. */
  comments?: string;
}

let sheet: CSSStyleSheet | undefined;

/** emoji, label, percent, bar: the same boxes for placeholder and real cells. */
const cell = (tag: 'div' | 'button', parent: Node) => {
  const node = make(tag, 'o', parent);
  const parts = ['e', 'n', 'p', 'k'].map((name) => make('span', name, node));
  return { node, parts: [...parts, make('i', '', parts[3])] };
};

/**
 * Renders one poll into `host`'s shadow root and wires voting to the API. The DOM is built
 * once and updated in place so keyboard focus survives every tally update; until the poll
 * arrives, the grid holds inert placeholder cells of the same size (no layout shift).
 */
export function mount(host: HTMLElement, options: MountOptions): void {
  const shadow = host.attachShadow({ mode: 'open' });
  // A constructable stylesheet is CSSOM, which a host page's strict `style-src` CSP does not
  // block; one sheet is shared by every widget on the page. Browsers without them (Safari
  // before 16.4) throw here, and the caller leaves the page untouched.
  if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(css);
  shadow.adoptedStyleSheets = [sheet];
  const lang = toLang(options.lang);
  const text = texts[lang];
  const root = make('div', 't', shadow);
  // The dark palette lives once, under `.dark`: a pinned `data-theme` decides, else the
  // reader's colour scheme, followed live as it changes.
  const scheme = matchMedia('(prefers-color-scheme:dark)');
  (scheme.onchange = () => root.classList.toggle('dark', scheme.matches ? options.theme != 'light' : options.theme == 'dark'))();
  const heading = make('h2', '', root, text.question_);
  heading.id = 'q';
  const group = make('div', 'g', root);
  const footer = make('p', 'f', root, '\u00a0');
  const live = make('p', 'v', root);
  set(live, 'role', 'status');
  // The comment section's one-line toggle is reserved from the start, so neither the poll's
  // data nor the comments chunk arriving moves anything (see comments/mount.ts).
  const section = options.comments != 'off' && make('section', 'c', root);

  let cells: ReturnType<typeof cell>[] = [];
  let rove = 0;
  for (let i = +options.reactions! || 8; i--; ) set(cell('div', group).node, 'aria-hidden', true);

  // The vote flow arrives with more.js, which the comment section below has usually fetched by
  // the time the reader votes; with comments off, the first vote fetches it.
  // If it cannot load, the tap fails like a vote the server did not save, with a retry.
  let sender: Promise<Send> | undefined;
  const send = (choice: string | null) =>
    (sender ??= options.load<More>('more').then((more) => more.voter(options, text, view, ensureToken, optionName))).then(
      (vote) => vote(choice),
      () => {
        sender = undefined;
        render({ ...view.state, failure: { choice } });
      },
    );

  const retryButton = make('button', '', 0, text.retry);
  retryButton.onclick = () => {
    const choice = view.state.failure?.choice;
    choice === undefined ? load() : send(choice);
  };

  const render = (next: State, announce?: string) => {
    const { poll, failure } = (view.state = next);
    if (!poll) return footer.replaceChildren(text.loadFailed, ' ', retryButton);
    if (!cells.length) {
      // Load the comments' code and data, and the live tally, only when the poll nears the
      // viewport. If the chunk cannot load, the reserved line stays empty and the poll is as loaded.
      const observer = new IntersectionObserver(([entry]) => {
        if (!entry!.isIntersecting) return;
        observer.disconnect();
        options.load<More>('more').then((more) => {
          if (section) more.mountComments(shadow, section, options, poll, readToken, ensureToken, make, set, loadStored, store);
          more.follow(root, options, view);
        });
      }, { rootMargin: '50%' });
      observer.observe(root);
      group.replaceChildren();
      set(group, 'role', 'radiogroup');
      set(group, 'aria-labelledby', 'q');
      cells = poll.reactions.map((reaction) => {
        const c = cell('button', group);
        set(c.node, 'role', 'radio');
        c.node.onclick = () => {
          const shown = view.state.poll!;
          if (shown.article.pollOpen) send(nextChoice(shown.choice, reaction.key));
        };
        return c;
      });
      rove = Math.max(0, poll.reactions.findIndex((r) => r.key === poll.choice));
    }
    heading.textContent = poll.question;
    const visible = resultsVisible(poll);
    root.classList.toggle('h', !visible);
    poll.reactions.forEach((reaction, i) => {
      const { node, parts } = cells[i]!;
      parts[0]!.textContent = reaction.emoji;
      parts[1]!.textContent = reaction.label;
      parts[2]!.textContent = `${reaction.percent}%`;
      parts[4]!.style.setProperty('--p', `${reaction.percent}%`);
      set(node, 'aria-label', optionName(text, reaction.label, reaction.percent));
      set(node, 'aria-checked', reaction.key === poll.choice);
      node.tabIndex = i === rove ? 0 : -1;
    });
    const total = visible ? totalText(text, poll.total!) : text.hidden;
    footer.replaceChildren(
      total,
      ...(poll.article.pollOpen ? [] : [' ', text.closed]),
      ...(failure ? [' ', failure.message || text.voteFailed, ' ', retryButton] : []),
    );
    if (announce) live.textContent = `${announce} ${total}`;
  };

  const view: PollView = { state: {}, render };

  // Roving tabindex: one Tab stop for the group; arrows move focus, Space/Enter votes.
  group.onkeydown = (event) => {
    const index = cells.findIndex((c) => c.node === event.target);
    const move = ({ ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -index, End: cells.length - 1 - index } as Record<string, number>)[event.key];
    if (index < 0 || move === undefined) return;
    event.preventDefault();
    rove = (index + move + cells.length) % cells.length;
    cells.forEach((c, i) => (c.node.tabIndex = i === rove ? 0 : -1));
    cells[rove]!.node.focus();
  };

  const load = () =>
    readPoll(options, readToken()).then(
      (poll) => render(settled(poll)),
      () => render({}),
    );

  load();
}

import type { Account, AccountFields } from '../account';
import type { Target } from '../api';
import type { ShowComplaints } from '../complaints';
import type { make, set as setAttribute } from '../dom';
import { articlePath, call, type CommentError } from './api';
import { bodyNodes } from './linkify';
import type { load as loadStored, store as storeValue } from '../reader';
import css from './styles.css';
import type { ShowMyData } from '../mydata';
import { texts } from './text';
import type { Comment, CommentPage, Posted, ReplyPage, Thread } from './types';

/** The poll's article state, which the section starts from before its own data arrives. */
export interface ArticleState {
  article: { commentsOpen: boolean; commentCount: number };
}

/**
 * What the poll calls once the chunk has loaded (positional, so it minifies on both sides).
 * The poll's own reader-token functions are passed in so both share one token, even when
 * storage is blocked and it lives in memory; so are its DOM and storage helpers (dom.ts), so
 * this chunk carries no copy of them.
 */
export type MountComments = (
  shadow: ShadowRoot,
  section: HTMLElement,
  target: Target,
  article: ArticleState,
  readToken: () => string | null,
  ensureToken: () => string,
  el: typeof make,
  set: typeof setAttribute,
  load: typeof loadStored,
  store: typeof storeValue,
) => void;

const NAME_KEY = 'tanggap:name';
const EDITS_KEY = 'tanggap:edits';
/** Set once this browser has reported a comment: from its next page view on, complaints.js shows the outcomes. */
const COMPLAINTS_KEY = 'tanggap:reported';
const MAX_CHARS = 2000;
const SORTS = ['newest', 'oldest', 'top'];
const REASONS = ['spam', 'abuse', 'off-topic', 'misinformation'];

let sheet: CSSStyleSheet | undefined;

/** Edit tokens of this browser's own comments: id → [token, editable until (ms)]. */
type Edits = Record<string, [string, number]>;

/** Appends through Node.appendChild, whose signature the Workers types' `Element` does not overload. */
const add = (parent: Node, ...nodes: (Node | string)[]) =>
  nodes.forEach((node) => parent.appendChild(typeof node == 'string' ? new Text(node) : node));

const prepend = (parent: Node, node: Node) => parent.insertBefore(node, parent.firstChild);

/**
 * The comment section under the poll: count, sort switch, form (name remembered, character
 * counter, honeypot), threads with one level of replies, like, report, and edit/delete while
 * this browser holds the comment's edit token. Every reader-written string goes in through
 * textContent (see linkify.ts); the server's localized message explains any refusal.
 */
export const mountComments: MountComments = (shadow, section, target, initial, readToken, ensureToken, el, set, load, store) => {
  const button = (parent: Node | 0, text: string, onclick: () => unknown) => {
    const node = el('button', 'b', parent, text);
    node.type = 'button';
    node.onclick = onclick;
    return node;
  };
  const t = texts[target.lang === 'en' ? 'en' : 'id'];
  sheet ??= new CSSStyleSheet();
  sheet.replaceSync(css);
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  const article = articlePath(target, 'comments');
  const edits: Edits = JSON.parse(load(EDITS_KEY) || '{}');
  for (const id in edits) if (edits[id]![1] < Date.now()) delete edits[id];
  const bodies = new Map<number, HTMLElement>();
  const threads = new Map<number, HTMLElement>();
  const shownAt = Date.now();
  let sort = SORTS[0];
  let cursor: string | null = null;
  let total = initial.article.commentCount;
  let replyTo: Comment | null = null;
  let editing: Comment | null = null;
  /** account.js's part of a new comment (sign-in token, rules version), once a site with sign-in or rules loaded it. */
  let account: Promise<unknown> | null | undefined;
  let accountFields: AccountFields | undefined;

  // Collapsed until the reader opens it: code and data arrive while the section nears the
  // viewport, and the page moves only in answer to the reader's own click (no layout shift).
  const heading = el('h3', '', section);
  const toggle = button(heading, '', () => {
    content.hidden = !content.hidden;
    section.classList.toggle('op', !content.hidden);
    set(toggle, 'aria-expanded', !content.hidden);
  });
  toggle.id = 'ch';
  set(toggle, 'aria-expanded', false);
  set(toggle, 'aria-controls', 'cb');
  set(section, 'aria-labelledby', 'ch');
  const content = el('div', '', section);
  content.id = 'cb';
  content.hidden = true;
  const closedNote = el('p', 'nt', content, t.closed);

  const form = el('form', 'fm', content);
  const context = el('p', 'nt', form);
  const nameLabel = el('label', '', form, t.name_);
  const nameInput = el('input', '', nameLabel);
  Object.assign(nameInput, { maxLength: 40, required: true, autocomplete: 'nickname', value: load(NAME_KEY) || '' });
  const bodyLabel = el('label', '', form, t.body_);
  const textarea = el('textarea', '', bodyLabel);
  Object.assign(textarea, { required: true, rows: 3 });
  const counter = el('span', 'cc', form);
  counter.id = 'cc';
  set(textarea, 'aria-describedby', 'cc');
  // Hidden by the poll's own visually-hidden class (`.v`, styles.css beside mount.ts): the two sheets share the shadow root.
  const trapLabel = el('label', 'v', form, t.trap);
  set(trapLabel, 'aria-hidden', true);
  const trap = el('input', '', trapLabel);
  Object.assign(trap, { name: 'website', tabIndex: -1, autocomplete: 'off' });
  const submit = el('button', 'sb', form);
  const status = el('p', 's', content);
  // A live region without role=status: the poll's own announcer keeps that role to itself.
  set(status, 'aria-live', 'polite');

  const sortLabel = el('label', 'so', content, `${t.sort_} `);
  const sortSelect = el('select', '', sortLabel);
  SORTS.forEach((value, i) => (el('option', '', sortSelect, t.sorts[i]).value = value));
  sortSelect.onchange = () => {
    sort = sortSelect.value;
    fetchPage(true);
  };
  const list = el('ul', 'l', content);
  const more = button(content, t.more, () => fetchPage(false));
  more.hidden = true;
  // "Data saya": download or delete what is stored for this browser, in an on-demand chunk
  // (mydata.js) that only a reader who opens it downloads.
  button(content, t.myData, () =>
    target.load<ShowMyData>('mydata').then(
      (show) => show(myData, target, readToken(), () => fetchPage(true)),
      () => say(t.retry),
    ),
  );
  const myData = el('div', '', content);

  const say = (message: string) => (status.textContent = message);
  const sayError = (error: CommentError) => {
    say(error.status ? error.message || t.failed : t.offline);
    if (error.code === 'comments_closed') setOpen(false);
  };
  const setOpen = (open: boolean) => {
    form.hidden = !open;
    closedNote.hidden = open;
  };
  const showTotal = () => (toggle.textContent = `${t.title} (${total.toLocaleString(target.lang)})`);
  const saveEdits = () => store(EDITS_KEY, JSON.stringify(edits));

  const updateCounter = () => {
    const length = [...textarea.value].length;
    counter.textContent = `${length}/${MAX_CHARS}`;
    set(textarea, 'aria-invalid', length > MAX_CHARS);
  };
  textarea.oninput = updateCounter;

  const setMode = (next: { reply?: Comment | null; edit?: Comment | null }) => {
    replyTo = next.reply ?? null;
    editing = next.edit ?? null;
    context.replaceChildren(
      ...(replyTo ? [`${t.replyingTo} `, el('b', '', 0, replyTo.authorName), ' '] : editing ? [`${t.editing} `] : []),
      ...(replyTo || editing ? [button(0, t.cancel, () => setMode({}))] : []),
    );
    nameLabel.hidden = !!editing;
    submit.textContent = editing ? t.save : t.send;
    if (!editing && !replyTo) textarea.value = '';
    updateCounter();
  };

  const reader = ensureToken;

  const render = (comment: Comment): HTMLLIElement => {
    const item = el('li', 'm');
    const head = el('p', 'hd', item);
    el('b', comment.verified ? 'vf' : '', head, comment.authorName);
    add(head, ' ');
    const time = el('time', '', head, new Date(comment.createdAt).toLocaleString(target.lang, { dateStyle: 'medium', timeStyle: 'short' }));
    set(time, 'datetime', comment.createdAt);
    if (comment.editedAt) add(head, ` ${t.edited}`);
    if (comment.pending || comment.picked) el('span', 'w', head, comment.picked ? t.pick_ : t.pending_);
    const body = el('p', 'x', item);
    add(body, ...bodyNodes(comment.body));
    bodies.set(comment.id, body);
    const actions = el('p', 'a', item);
    if (!comment.pending) {
      const like = button(actions, '', async () => {
        try {
          const state = await call<{ liked: boolean; likeCount: number }>(target, `comments/${comment.id}/like`, comment.liked ? 'DELETE' : 'PUT', { reader: reader() });
          showLike((comment.liked = state.liked), state.likeCount);
        } catch (error) {
          sayError(error as CommentError);
        }
      });
      const showLike = (liked = false, count: number) => {
        like.textContent = `${t.like} (${count})`;
        set(like, 'aria-pressed', liked);
      };
      showLike(comment.liked, comment.likeCount);
      if (!form.hidden) button(actions, t.reply, () => {
        setMode({ reply: comment });
        textarea.focus();
      });
      const reporting = el('span', '', actions);
      button(reporting, t.report, () => {
        const reason = el('select');
        set(reason, 'aria-label', t.report);
        REASONS.forEach((value, i) => (el('option', '', reason, t.reasons[i]).value = value));
        reporting.replaceChildren(
          reason,
          button(0, t.report, () =>
            call(target, `comments/${comment.id}/reports`, 'POST', { reader: reader(), reason: reason.value }).then(
              () => {
                reporting.replaceChildren(t.reported);
                store(COMPLAINTS_KEY, '1');
              },
              sayError,
            ),
          ),
        );
        reason.focus();
      });
    }
    const edit = edits[comment.id];
    if (edit && edit[1] > Date.now()) {
      button(actions, t.edit, () => {
        setMode({ edit: comment });
        textarea.value = comment.body;
        updateCounter();
        textarea.focus();
      });
      button(actions, t.remove_, async () => {
        if (!confirm(t.confirmRemove)) return;
        try {
          await call(target, `comments/${comment.id}`, 'DELETE', { editToken: edit[0] });
          delete edits[comment.id];
          saveEdits();
          (item as ChildNode).replaceWith(...(threads.get(comment.id)?.children ?? []));
          if (!comment.pending) total--;
          showTotal();
          say(t.removed);
        } catch (error) {
          sayError(error as CommentError);
        }
      });
    }
    return item;
  };

  const moreReplies = (id: number, next: string, thread: HTMLElement, replies: HTMLElement) => {
    const more = button(thread, t.moreReplies, async () => {
      try {
        const page = await call<ReplyPage>(target, `comments/${id}/replies?cursor=${next}`);
        more.remove();
        add(replies, ...page.replies.map(render));
        if (page.nextCursor) moreReplies(id, page.nextCursor, thread, replies);
      } catch (error) {
        sayError(error as CommentError);
      }
    });
  };

  const renderThread = (comment: Thread, first?: boolean) => {
    const item = render(comment);
    const replies = el('ul', 'r', item);
    threads.set(comment.id, replies);
    add(replies, ...comment.replies.map(render));
    if (comment.repliesCursor) moreReplies(comment.id, comment.repliesCursor, item, replies);
    first ? prepend(list, item) : add(list, item);
  };

  /** Own comments awaiting review go under their thread when it is on the page, else first. */
  const place = (comment: Comment) => {
    const thread = comment.parentId && threads.get(comment.parentId);
    if (thread) add(thread, render(comment));
    else if (comment.parentId) prepend(list, render(comment));
    else renderThread({ ...comment, replies: [], repliesCursor: null }, true);
  };

  const fetchPage = async (fresh: boolean) => {
    if (fresh) cursor = null;
    const token = readToken();
    try {
      const page = await call<CommentPage>(
        target,
        `${article}?sort=${sort}${cursor ? `&cursor=${cursor}` : ''}${token ? `&reader=${token}` : ''}`,
      );
      if (fresh) {
        list.replaceChildren();
        threads.clear();
      }
      setOpen(page.article.commentsOpen);
      const setup = page.form;
      account ??= setup && target.load<Account>('account').then((mount) => (accountFields = mount(target, setup, form, nameInput, say)));
      page.comments.forEach((comment) => renderThread(comment));
      if (fresh) page.pending.forEach(place);
      cursor = page.nextCursor;
      more.hidden = !cursor;
      total = page.total;
      showTotal();
      if (!list.children.length) say(t.empty);
    } catch (error) {
      sayError(error as CommentError);
      add(status, ' ', button(0, t.retry, () => fetchPage(fresh)));
    }
  };

  form.onsubmit = async (event) => {
    event.preventDefault();
    if ([...textarea.value].length > MAX_CHARS) return textarea.focus();
    submit.disabled = true;
    const body = textarea.value;
    try {
      if (editing) {
        const { comment } = await call<{ comment: Comment }>(target, `comments/${editing.id}`, 'PATCH', {
          editToken: edits[editing.id]?.[0],
          body,
        });
        editing.body = body;
        bodies.get(comment.id)?.replaceChildren(...bodyNodes(comment.body));
        say(comment.pending ? t.pendingNote : t.posted);
      } else {
        const name = nameInput.value.trim();
        const posted = await call<Posted>(target, article, 'POST', {
          reader: reader(),
          name,
          body,
          ...(replyTo ? { parentId: replyTo.id } : {}),
          website: trap.value,
          elapsedMs: Date.now() - shownAt,
          ...target.details,
          ...accountFields?.(),
        }, say);
        store(NAME_KEY, name);
        edits[posted.comment.id] = [posted.editToken, Date.parse(posted.editableUntil)];
        saveEdits();
        place(posted.comment);
        if (!posted.comment.pending) total++;
        showTotal();
        say(posted.comment.pending ? t.pendingNote : t.posted);
      }
      setMode({});
    } catch (error) {
      sayError(error as CommentError);
    }
    submit.disabled = false;
  };

  setOpen(initial.article.commentsOpen);
  setMode({});
  showTotal();
  fetchPage(true);
  if (load(COMPLAINTS_KEY)) target.load<ShowComplaints>('complaints').then((show) => show(target, el('div', 'nt', content), reader()), () => {});
};

import type { Target } from './api';
import { call, type CommentError } from './comments/api';
import type { CommentPage } from './comments/types';

/**
 * What the page calls (see README.md, "Signed-in comments"). widget.js defines a stub that
 * keeps the last token handed over (`t`; '' after `signOut`) until this chunk takes over.
 */
export interface Tanggap {
  signIn(token: string): void;
  signOut(): void;
  t?: string;
}

/** The fields this chunk adds to a new comment: the sign-in token (then no typed name) and the rules version ticked. */
export type AccountFields = () => { ssoToken?: string; name?: undefined; rulesVersion?: number };

/**
 * Mounted once per comment form, on a site whose commenters sign in (`sso-*`) or agree to house
 * rules: `setup` is the comment list's `form`, `name` the form's name field, `say` its status line.
 */
export type Account = (target: Target & { ssoToken?: string }, setup: NonNullable<CommentPage['form']>, form: HTMLFormElement, name: HTMLInputElement, say: (text: string) => void) => AccountFields;

type Reader = { name: string; agreedRulesVersion: number | null };

const texts = {
  id: { signIn: 'Masuk untuk berkomentar', signedIn: 'Masuk sebagai', signOut: 'Keluar', agree: 'Saya setuju dengan aturan komentar:', rules: 'selengkapnya', verified: 'terverifikasi' },
  en: { signIn: 'Sign in to comment', signedIn: 'Signed in as', signOut: 'Sign out', agree: 'I agree to the comment rules:', rules: 'in full', verified: 'verified' },
};

const page = self as unknown as { Tanggap: Tanggap };
/** Every mounted form, told when the page signs the reader in or out. */
const forms: ((token: string) => void)[] = [];
/** The page's token: from `Tanggap.signIn` (before or after this chunk came), else `data-sso-token`. */
let token = page.Tanggap?.t;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node | null, text?: string, className = 'nt') => {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.append(text);
  parent?.appendChild(node);
  return node;
};

const account: Account = (target, setup, form, name, say) => {
  const lang = target.lang === 'en' ? 'en' : 'id';
  const t = texts[lang];
  const { rules } = setup;
  const root = form.getRootNode() as ShadowRoot;
  const sheet = new CSSStyleSheet();
  // more.js marks a signed-in author's name `.vf`; the badge's words live here, with the sign-in.
  sheet.replaceSync(`.vf::after{content:" ✓ ${t.verified}";color:var(--m)}.tk input{display:inline;width:auto;margin:0 .4em 0 0}`);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];

  const gate = el('p', null);
  form.parentNode!.insertBefore(gate, form);
  const login = el('a', gate, t.signIn);
  if (setup.loginUrl) login.href = setup.loginUrl;
  const line = el('p', null);
  form.insertBefore(line, form.firstChild);
  const submit = form.lastElementChild!;
  const tick = el('label', null, '', 'tk');
  const box = el('input', tick);
  box.type = 'checkbox';
  if (rules) {
    tick.append(`${t.agree} ${rules.text[lang]} `);
    if (rules.url) {
      const more = el('a', tick, t.rules, '');
      more.href = rules.url;
      more.target = '_blank';
    }
  }
  form.insertBefore(tick, submit);
  let reader: Reader | null = null;

  const show = () => {
    tick.hidden = Math.max(setup.agreedRulesVersion ?? 0, reader?.agreedRulesVersion ?? 0) >= (rules?.version ?? 0);
    box.required = !tick.hidden;
    // Styles, not `hidden`: more.js sets `hidden` on these as comments open, close and edits end.
    form.style.display = setup.identity == 'sso-required' && !reader ? 'none' : '';
    name.parentElement!.style.display = reader ? 'none' : '';
    name.required = !reader;
    gate.hidden = !setup.loginUrl || !!reader;
    line.replaceChildren();
    if (reader) {
      line.append(`${t.signedIn} `);
      el('b', line, reader.name, '');
      line.append(' ');
      const out = el('button', line, t.signOut, 'b');
      out.type = 'button';
      out.onclick = () => page.Tanggap.signOut();
    }
  };

  const signIn = async (next: string) => {
    reader = null;
    show();
    if (!next) return;
    try {
      reader = await call<Reader>(target, 'sso/verify', 'POST', { token: next });
    } catch (error) {
      say((error as CommentError).message || '');
    }
    show();
  };

  forms.push(signIn);
  signIn((token ??= target.ssoToken || ''));
  return () => ({
    ...(reader && { ssoToken: token, name: undefined }),
    ...(rules && box.checked && { rulesVersion: rules.version }),
  });
};

/**
 * Entry of account.js: only a site whose commenters sign in with its own accounts, or agree to
 * house rules, needs it, so more.js loads it when the comment list's `form` says so. It takes
 * over `window.Tanggap` from widget.js's stub.
 */
page.Tanggap = {
  signIn(next) {
    token = next;
    forms.forEach((signIn) => signIn(next));
  },
  signOut: () => page.Tanggap.signIn(''),
};
document.dispatchEvent(new CustomEvent('tanggap:account', { detail: account }));

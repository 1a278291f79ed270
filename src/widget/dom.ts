/**
 * DOM helpers that both scripts use. widget.js bundles them and hands them to more.js with the
 * comment section (`MountComments`), so the lazy chunk carries no second copy.
 */

/** A new element with its class, optional text, appended to `parent` when one is given. */
export const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className = '', parent?: Node | 0, text?: string) => {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
};

/** Attribute values are converted to strings by the DOM itself. */
export const set = (node: { setAttribute(name: string, value: string): void }, name: string, value: unknown) =>
  node.setAttribute(name, value as string);

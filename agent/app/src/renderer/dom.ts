/**
 * DOM helpers for the shell's pages. Text always goes in as text (textContent), never as markup:
 * what the agent reports (policy names, destinations, detector names) is not trusted to be HTML.
 */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the page`);
  return node as T;
}

export function showError(target: HTMLElement, error: unknown): void {
  target.replaceChildren(el('p', `Sluice could not answer: ${error instanceof Error ? error.message : String(error)}`, 'error'));
}

import type { AboutView } from '../common/ipc.js';
import { byId, el, showError } from './dom.js';

function render(view: AboutView): HTMLElement[] {
  const nodes: HTMLElement[] = [];
  const mode = view.policy.mode === 'monitor' ? 'monitor mode' : 'enforced';
  const version = view.policy.version === null ? 'built-in' : `version ${view.policy.version}`;
  nodes.push(el('p', `Policy: ${view.policy.name} (${version}, ${mode}). Evidence sent with findings: ${view.policy.evidence === 'raw' ? 'the matched text' : 'masked previews and salted hashes only'}.`, 'summary'));
  for (const section of view.sections) {
    const block = el('section');
    block.append(el('h2', section.heading));
    for (const paragraph of section.paragraphs) block.append(el('p', paragraph));
    if (section.items.length > 0) {
      const list = el('ul');
      for (const item of section.items) list.append(el('li', item));
      block.append(list);
    }
    nodes.push(block);
  }
  return nodes;
}

const content = byId<HTMLElement>('content');
window.sluice.about().then(
  (view) => content.replaceChildren(...render(view)),
  (error: unknown) => showError(content, error),
);

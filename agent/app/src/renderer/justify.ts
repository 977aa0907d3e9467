import { byId, el, showError } from './dom.js';

/** The justification dialog: what is held back (described, never the content) and a reason to send. */

const MAX_REASON_CHARS = 1_000;
const intro = byId<HTMLElement>('intro');
const form = byId<HTMLFormElement>('form');
const reason = byId<HTMLTextAreaElement>('reason');
const send = byId<HTMLButtonElement>('send');
const result = byId<HTMLElement>('result');
reason.maxLength = MAX_REASON_CHARS;

async function load(): Promise<void> {
  const pending = await window.sluice.pending();
  if (!pending) {
    intro.replaceChildren(el('p', 'Nothing is waiting for a reason right now.'));
    form.hidden = true;
    return;
  }
  intro.replaceChildren(
    el('p', `Sluice is holding back your paste into ${pending.destination}: your clipboard holds ${pending.found}.`),
    el('p', 'If you need to paste it, say why. The paste is then allowed, and your reason is sent to your organization.'),
  );
  form.hidden = false;
  reason.focus();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = reason.value.trim();
  if (!text) {
    result.replaceChildren(el('p', 'Please write a reason first.', 'error'));
    return;
  }
  send.disabled = true;
  window.sluice.justify(text).then(
    (answer) => {
      if (answer.ok) {
        form.hidden = true;
        result.replaceChildren(el('p', `Thank you. The paste into ${answer.destination} is allowed now; your reason was recorded.`, 'ok'));
      } else {
        send.disabled = false;
        result.replaceChildren(el('p', answer.message, 'error'));
      }
    },
    (error: unknown) => {
      send.disabled = false;
      showError(result, error);
    },
  );
});

load().catch((error: unknown) => showError(intro, error));

import type { DetectorInfo, PolicyInput } from '@sluice/shared';
import type { AboutView } from '../common/ipc.js';

/**
 * The "about this device's monitoring" page: what the agent reads on this computer, what it sends,
 * and what it never collects, in plain words, with the policy in force filled in. The facts are
 * those of docs/discovery.md ("Privacy"), docs/dlp.md ("Evidence") and the paste events in
 * shared/src/events/paste-events.ts; change them together.
 */

const CATEGORY_NAMES: Record<string, string> = {
  credential: 'passwords, keys and tokens',
  pii: 'personal data (e-mail addresses, phone numbers, dates of birth)',
  network: 'network addresses',
  financial: 'payment cards, bank accounts and crypto addresses',
  government_id: 'national identity and tax numbers',
  health: 'health identifiers',
  confidential: 'documents marked confidential',
  source_code: 'source code',
  custom: "your organization's own terms",
};

const ACTION_WORDS: Record<string, string> = {
  allow: 'allowed and recorded',
  warn: 'allowed with a warning',
  redact: 'replaced by placeholders before it can be pasted',
  block: 'held back (the clipboard is emptied while the AI tool is in front)',
  justify: 'held back until you give a reason',
};

const DESTINATION_WORDS: Record<string, string> = {
  '*': 'any AI tool',
  sanctioned_ai: 'AI tools your organization approves',
  unsanctioned_ai: 'AI tools your organization does not approve',
  unknown_ai: 'AI tools your organization has not classified',
};

type PolicyDoc = Pick<PolicyInput, 'name' | 'mode'> & { dlp: { rules: readonly { category: string; destination: string; action: string }[]; defaultAction: string; evidence?: 'masked' | 'raw' | undefined } };

export interface AboutInput {
  readonly policy: PolicyDoc;
  readonly version: number | null;
  readonly detectors: readonly Pick<DetectorInfo, 'category'>[];
  /** Detectors the organization added in its policy. */
  readonly customDetectors?: number;
}

function ruleSentence(rule: { category: string; destination: string; action: string }): string {
  const what = rule.category === '*' ? 'Anything sensitive' : (CATEGORY_NAMES[rule.category] ?? rule.category.replace(/_/g, ' '));
  const where = DESTINATION_WORDS[rule.destination] ?? rule.destination;
  const action = ACTION_WORDS[rule.action] ?? rule.action;
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} going to ${where}: ${action}.`;
}

export function aboutMonitoring(input: AboutInput): AboutView {
  const { policy } = input;
  const evidence = policy.dlp.evidence ?? 'masked';
  const counts = new Map<string, number>();
  for (const d of input.detectors) counts.set(d.category, (counts.get(d.category) ?? 0) + 1);
  const monitor = policy.mode === 'monitor';

  return {
    policy: { name: policy.name, version: input.version, mode: policy.mode, evidence },
    sections: [
      {
        heading: 'What Sluice does on this computer',
        paragraphs: [
          'Your organization uses Sluice to see which AI tools are used on its computers and to keep sensitive data out of them. It runs on this computer and checks things here; only what is listed below is sent to your organization.',
          monitor
            ? 'The policy is in monitor mode: Sluice records what it would have done, and changes nothing on your clipboard.'
            : 'When you copy something sensitive and an AI tool is in front, Sluice acts on your clipboard as the policy says, and tells you at once what it did and why.',
        ],
        items: [],
      },
      {
        heading: 'What is read on this computer',
        paragraphs: ['These are read and matched here, on this computer:'],
        items: [
          'Which programs run: name, program path and command line, to recognise AI apps, coding agents and local AI models, even renamed.',
          'The window in front: its title, its program and, where the system tells, the address of the browser tab.',
          'Installed apps, editor extensions, AI configuration folders and model files (their name, format and size, never their content).',
          'Visits to AI sites in your browser history, read from a temporary copy that is deleted right after.',
          'Your clipboard, when it changes: copied text is checked for sensitive data by the detectors below, here on this computer. Images and files are described by their type and size only.',
        ],
      },
      {
        heading: 'What is sent to your organization',
        paragraphs: [],
        items: [
          'Which AI apps, sites, coding agents and local models are used, when, and for how long; the program path of AI apps.',
          'Window titles of AI apps and sites only (at most 256 characters). Titles of other windows are never sent.',
          'Web addresses reduced to the site name: never the page, the path or what you searched for.',
          'Images and files copied while an AI tool is in front: their type and size.',
          'When sensitive data meets an AI tool: where it was copied from (the program, the window title and a file path the title shows), the AI tool, the kind of data found and how many times, a salted hash of each value and a masked preview that hides most of it, what Sluice did, and the policy that asked for it.',
          'The reason you give when the policy asks for one.',
          evidence === 'raw'
            ? 'Your organization’s policy asks for the matched text itself to be sent with each finding (evidence level “raw”), at most 16 KiB per paste.'
            : 'Never the values themselves: the hash lets your organization see that the same value appeared twice without being able to read it.',
        ],
      },
      {
        heading: 'What is never collected',
        paragraphs: [],
        items: [
          'Your keystrokes, your screen, or the content of web pages.',
          'Text you copy that holds nothing sensitive, and anything you copy while no AI tool is in front.',
          'The content of files, images and model files.',
          'Whole command lines (only short excerpts that identify an AI tool).',
        ],
      },
      {
        heading: `The policy in force: ${policy.name}`,
        paragraphs: [
          `${input.version === null ? 'The built-in recommended policy applies until your organization sends its own.' : `Version ${input.version}, set by your organization.`} ${monitor ? 'Monitor mode: nothing is changed, only recorded.' : 'Enforced on this computer.'}`,
        ],
        items: [
          ...policy.dlp.rules.slice(0, 40).map(ruleSentence),
          `Anything else: ${ACTION_WORDS[policy.dlp.defaultAction] ?? policy.dlp.defaultAction}.`,
        ],
      },
      {
        heading: 'What the detectors look for',
        paragraphs: [`${input.detectors.length + (input.customDetectors ?? 0)} detectors check copied text on this computer:`],
        items: [
          ...[...counts].sort((a, b) => b[1] - a[1]).map(([category, n]) => `${CATEGORY_NAMES[category] ?? category.replace(/_/g, ' ')}: ${n}`),
          ...(input.customDetectors ? [`defined by your organization in its policy: ${input.customDetectors}`] : []),
        ],
      },
      {
        heading: 'When a paste needs a reason',
        paragraphs: [
          'If the policy asks for a reason, the paste is held back until you give one: click the notification, or choose “Give a reason…” in the Sluice menu. The paste is then allowed and your reason is recorded and sent to your organization.',
        ],
        items: [],
      },
    ],
  };
}

import { regexFinder } from '../runtime.js';
import { findSourceCode } from '../source-code.js';
import type { DetectorDefinition, FindFn, RawMatch } from '../types.js';

/** Classification markings used by companies and governments (ISO 27001 labels, US CUI, TLP 2.0). */
const BANNER_PHRASES = [
  'strictly confidential',
  'highly confidential',
  'company confidential',
  'proprietary and confidential',
  'proprietary & confidential',
  'privileged and confidential',
  'privileged & confidential',
  'attorney-client privileged',
  'attorney client privileged',
  'confidential',
  'for internal use only',
  'internal use only',
  'internal only',
  'restricted',
  'proprietary',
  'do not distribute',
  'do not forward',
  'not for distribution',
  'not for external distribution',
  'for official use only',
  'official-sensitive',
  'official sensitive',
  'sensitive but unclassified',
  'controlled unclassified information',
  'top secret',
  'trade secret',
  'under embargo',
  'embargoed',
] as const;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/&-]/g, '\\$&').replace(/ /g, '[ \\t]{1,3}');

const BANNER_PATTERN = new RegExp(
  `(?<![A-Za-z0-9_])(${BANNER_PHRASES.map(escape).join('|')}|TLP:[ \\t]?(?:RED|AMBER\\+STRICT|AMBER|GREEN|CLEAR|WHITE)|(?:TOP[ \\t])?SECRET//[A-Z][A-Z/ ,\\-]{1,40}|CUI//[A-Z][A-Z/ \\-]{1,40})(?![A-Za-z0-9_])`,
  'i',
);

const LINE_CONTEXT = 80;

const LABEL_BEFORE = /(?:classification|classified|sensitivity|label|marking|security level|clasificaci[oó]n|classification level)\s*[:=]\s*[[("'*]*\s*$/i;

/**
 * A marking is a banner when it is written as one: in capitals, alone on its line (allowing
 * brackets, asterisks and dashes around it), after a "Classification:" label, or as a TLP/CUI
 * code. The same words inside a sentence ("keep this confidential") are only a mention.
 */
const findBanners: FindFn = (() => {
  const find = regexFinder(BANNER_PATTERN, 1);
  return (text, from, to) => {
    const out: RawMatch[] = [];
    for (const m of find(text, from, to)) {
      const value = text.slice(m.start, m.end);
      // The line around the marking, at most LINE_CONTEXT characters each side: enough to tell a
      // banner from a sentence, and bounded so a text of markings stays linear.
      const before = text.slice(Math.max(0, m.start - LINE_CONTEXT), m.start).split('\n').pop() ?? '';
      const after = text.slice(m.end, Math.min(text.length, m.end + LINE_CONTEXT)).split('\n')[0] ?? '';
      const code = /^(?:TLP:|CUI\/\/|SECRET\/\/|TOP[ \t]SECRET\/\/)/i.test(value);
      const upper = value === value.toUpperCase() && /[A-Z]/.test(value);
      const alone = /^[\s[\](){}*#_\-=|<>"'`~.:!]*$/.test(before) && /^[\s[\](){}*#_\-=|<>"'`~.:!]*$/.test(after);
      const labelled = LABEL_BEFORE.test(before);
      let confidence = 0.2;
      if (code || labelled) confidence = 0.9;
      else if (upper && alone) confidence = 0.9;
      else if (upper) confidence = 0.75;
      else if (alone) confidence = 0.7;
      out.push({ ...m, confidence });
    }
    return out;
  };
})();

/** Classification banners and pasted source code. */
export const CONFIDENTIAL_DETECTORS: readonly DetectorDefinition[] = [
  {
    id: 'classification-banner',
    category: 'confidential',
    entity: 'CLASSIFICATION_MARKING',
    description: 'A classification marking written as a banner: CONFIDENTIAL, INTERNAL USE ONLY, STRICTLY CONFIDENTIAL, TLP:RED, SECRET//NOFORN, CUI//…',
    keywords: ['confidential', 'internal use only', 'internal only', 'restricted', 'proprietary', 'do not distribute', 'do not forward', 'not for distribution', 'not for external distribution', 'official use only', 'official-sensitive', 'official sensitive', 'sensitive but unclassified', 'controlled unclassified', 'top secret', 'trade secret', 'embargo', 'privileged', 'tlp:', 'secret//', 'cui//'],
    pattern: BANNER_PATTERN,
    find: findBanners,
    window: { before: 40, after: 80 },
    confidence: 0.75,
    mask: 'full',
    samples: {
      positive: ['STRICTLY CONFIDENTIAL\nQ3 board deck', '*** INTERNAL USE ONLY ***', 'Classification: Confidential', 'TLP:AMBER', 'SECRET//NOFORN'],
      negative: ['Please keep this confidential between us.', 'restricted_mode = true', 'The API has a restricted scope.'],
    },
  },
  {
    id: 'source-code',
    category: 'source_code',
    entity: 'SOURCE_CODE',
    description: 'A region of pasted source code, recognised from the structure of its lines, with a guess of its language.',
    scanAll: true,
    find: findSourceCode,
    confidence: 0.7,
    region: true,
    mask: 'full',
    samples: {
      positive: [
        'def load(path):\n    with open(path) as f:\n        data = json.load(f)\n    return [row for row in data if row["ok"]]\n',
        'export function total(items: Item[]): number {\n  let sum = 0;\n  for (const item of items) {\n    sum += item.price * item.qty;\n  }\n  return sum;\n}\n',
      ],
      negative: [
        'Thanks for the update. I will review the proposal tomorrow and send my comments.\nLet me know if the meeting moves.\nBest regards, Ana',
      ],
    },
  },
];

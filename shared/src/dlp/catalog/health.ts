import type { DetectorDefinition } from '../types.js';
import { auMedicareValid, nhsValid, usDeaValid, usNpiValid } from '../validators/checksums.js';
import { alnumUpper, digitsOf } from '../text.js';
import { byGrouping, graded, re } from './helpers.js';
import { upperIdFinder } from './shared-scans.js';

const NHS = re`(?<![0-9A-Za-z\-.])(\d{3}([ \-]?)\d{3}\2\d{4})(?![0-9A-Za-z]|[\-.]\d)`;
const MEDICARE = re`(?<![0-9A-Za-z\-.])(\d{4} ?\d{5} ?\d(?:[ \-/]?\d)?)(?![0-9A-Za-z]|[\-.]\d)`;
const MBI_CHAR = '[AC-HJKMNP-RT-Y]';

/** Health identifiers: patient, insurance and prescriber numbers. */
export const HEALTH_DETECTORS: readonly DetectorDefinition[] = [
  {
    id: 'uk-nhs-number',
    category: 'health',
    entity: 'UK_NHS',
    description: 'UK NHS number: ten digits with the mod-11 check digit.',
    digits: { min: 10, max: 10, separators: ' -' },
    pattern: NHS,
    find: graded(NHS, 1, byGrouping(0.6, 0.4)),
    validate: (v) => nhsValid(digitsOf(v)),
    confidence: 0.6,
    contextConfidence: 0.95,
    context: ['nhs', 'national health', 'patient', 'chi number'],
    mask: 'last4',
    samples: {
      positive: ['NHS number: 388 923 4887'],
      negative: ['NHS number: 388 923 4888'],
    },
  },
  {
    id: 'au-medicare-number',
    category: 'health',
    entity: 'AU_MEDICARE',
    description: 'Australian Medicare card number: first digit 2-6, a check digit over the first eight, issue number.',
    digits: { min: 10, max: 11, separators: ' -/' },
    pattern: MEDICARE,
    find: graded(MEDICARE, 1, byGrouping(0.6, 0.4)),
    validate: (v) => auMedicareValid(digitsOf(v)),
    confidence: 0.6,
    contextConfidence: 0.9,
    context: ['medicare'],
    mask: 'last4',
    samples: {
      positive: ['Medicare: 4490 55221 6'],
      negative: ['Medicare: 4490 55222 6'],
    },
  },
  {
    id: 'us-npi',
    category: 'health',
    entity: 'US_NPI',
    description: 'US National Provider Identifier: ten digits, Luhn over the 80840 prefix, near an NPI label.',
    digits: { min: 10, max: 10, separators: '' },
    pattern: re`(?<![0-9A-Za-z])([12]\d{9})(?![0-9A-Za-z])`,
    group: 1,
    validate: (v) => usNpiValid(v),
    confidence: 0.25,
    contextConfidence: 0.8,
    context: ['npi', 'provider', 'prescriber', 'physician'],
    mask: 'last4',
    samples: {
      positive: ['NPI: 1819488036'],
      negative: ['NPI: 1819488037'],
    },
  },
  {
    id: 'us-dea-number',
    category: 'health',
    entity: 'US_DEA',
    description: 'US DEA registration number: two letters, seven digits, check digit.',
    digits: { min: 7, max: 7, separators: '', maxGroups: 1, before: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' },
    pattern: re`(?<![0-9A-Za-z])([A-Z][A-Z9]\d{7})(?![0-9A-Za-z])`,
    group: 1,
    validate: (v) => usDeaValid(alnumUpper(v)),
    confidence: 0.45,
    contextConfidence: 0.85,
    context: ['dea', 'prescriber', 'registration'],
    mask: 'last4',
    samples: {
      positive: ['DEA# BM4167018'],
      negative: ['DEA# BM4167019'],
    },
  },
  {
    id: 'us-mbi',
    category: 'health',
    entity: 'US_MBI',
    description: 'US Medicare Beneficiary Identifier (11 characters in the CMS pattern) near a Medicare or MBI label.',
    scanAll: true,
    pattern: new RegExp(`(?<![A-Za-z0-9\\-])([1-9]${MBI_CHAR}[0-9AC-HJKMNP-RT-Y]\\d(-?)${MBI_CHAR}[0-9AC-HJKMNP-RT-Y]\\d\\2${MBI_CHAR}{2}\\d{2})(?![A-Za-z0-9]|-[A-Za-z0-9])`),
    find: upperIdFinder('mbi'),
    confidence: 0.6,
    context: ['mbi', 'medicare', 'beneficiary'],
    mask: 'last4',
    samples: {
      positive: ['Medicare MBI: 1EG4-TE5-MK73'],
      negative: ['MBI: 1EG4-TE5-MK7'],
    },
  },
  {
    id: 'medical-record-number',
    category: 'health',
    entity: 'MEDICAL_RECORD_NUMBER',
    description: 'A medical record number right after an MRN or medical record label.',
    keywords: ['mrn', 'medical record'],
    pattern: re`(?:MRN|[Mm]rn|[Mm]edical [Rr]ecord(?: [Nn]umber| [Nn]o\.?| #)?)[^A-Za-z0-9\n]{0,8}([A-Z0-9][A-Z0-9\-]{4,18}[0-9])(?![A-Za-z0-9])`,
    group: 1,
    window: { before: 1, after: 48 },
    confidence: 0.7,
    mask: 'last4',
    samples: {
      positive: ['MRN: 00483921', 'medical record number A-2291847'],
      negative: ['MRN: pending'],
    },
  },
];

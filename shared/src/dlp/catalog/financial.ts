import type { DetectorDefinition } from '../types.js';
import { abaRoutingValid } from '../validators/checksums.js';
import { isCountryCode } from '../validators/countries.js';
import { creditCardValid, swiftBicValid, validateIban } from '../validators/financial.js';
import { digitsOf } from '../text.js';
import { byGrouping, graded, re } from './helpers.js';
import { upperIdFinder } from './shared-scans.js';

const CARD_PATTERN = re`(?<![0-9A-Za-z\-])(\d{4}([ \-]?)\d{4}\2\d{4}\2\d{1,7}|\d{4}([ \-]?)\d{6}\3\d{4,5})(?![0-9\-]|[A-Za-z])`;
const ABA_PATTERN = re`(?<![0-9A-Za-z\-])(\d{9}|\d{4}-\d{4}-\d)(?![0-9A-Za-z]|-\d)`;

/** Payment cards, bank accounts and wallets (wallets live with PII for their shared validators). */
export const FINANCIAL_DETECTORS: readonly DetectorDefinition[] = [
  {
    id: 'credit-card',
    category: 'financial',
    entity: 'CREDIT_CARD',
    description: 'Payment card number: a known network prefix and length (ISO/IEC 7812) and the Luhn check digit.',
    digits: { min: 12, max: 19, separators: ' -' },
    pattern: CARD_PATTERN,
    find: graded(CARD_PATTERN, 1, byGrouping(0.85, 0.75)),
    validate: creditCardValid,
    confidence: 0.75,
    contextConfidence: 0.95,
    context: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'american express', 'discover', 'cc', 'pan', 'cvv', 'cvc', 'expiry', 'exp', 'payment', 'carte', 'tarjeta', 'karte'],
    testValues: [
      '4111111111111111', '4012888888881881', '4242424242424242', '4000056655665556', '5555555555554444', '5105105105105100',
      '5200828282828210', '2223003122003222', '378282246310005', '371449635398431', '6011111111111117', '6011000990139424',
      '3530111333300000', '3566002020360505', '30569309025904', '38520000023237', '36227206271667', '6200000000000005', '4222222222222',
    ],
    mask: 'last4',
    samples: {
      positive: ['card: 4940 1842 0360 3003', 'mc 5166747189886513', 'Amex 3700 065754 01194 exp 12/28'],
      negative: ['4940 1842 0360 3004', 'order id 1234567890123456', '4940-1842-0360 3003'],
    },
  },
  {
    id: 'iban',
    category: 'financial',
    entity: 'IBAN_CODE',
    description: 'International bank account number: a country with its registered IBAN length and the ISO 13616 mod-97 check.',
    scanAll: true,
    pattern: re`(?<![A-Za-z0-9])([A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){11,32})(?![A-Za-z0-9])`,
    find: upperIdFinder('iban'),
    validate: validateIban,
    confidence: 0.9,
    context: ['iban', 'bank', 'account', 'transfer', 'sepa', 'konto', 'compte', 'cuenta'],
    testValues: ['GB82WEST12345698765432', 'DE89370400440532013000', 'GB29NWBK60161331926819', 'FR1420041010050500013M02606'],
    mask: 'last4',
    samples: {
      positive: ['IBAN: NL02 RABO 9888 6494 02', 'pay to BE08713722948917 today', 'DE87 7994 1557 2606 0295 63'],
      negative: ['NL02 RABO 9888 6494 03', 'ZZ12 3456 7890 1234 56', 'DE87 7994 1557 2606 0295 631'],
    },
  },
  {
    id: 'swift-bic',
    category: 'financial',
    entity: 'SWIFT_CODE',
    description: 'SWIFT/BIC bank identifier code after a SWIFT or BIC label (four-letter bank, ISO country, location, branch).',
    keywords: ['swift', 'bic'],
    pattern: re`(?:[Ss][Ww][Ii][Ff][Tt]|[Bb][Ii][Cc])[^A-Za-z0-9\n]{0,4}(?:[Cc][Oo][Dd][Ee])?[^A-Za-z0-9\n]{0,6}([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?![A-Za-z0-9])`,
    group: 1,
    window: { before: 1, after: 40 },
    validate: (v) => swiftBicValid(v, isCountryCode),
    confidence: 0.8,
    mask: 'partial',
    samples: {
      positive: ['SWIFT: DEUTDEFF500', 'BIC code BNPAFRPP'],
      negative: ['SWIFT: DEUTZZFF', 'swift language'],
    },
  },
  {
    id: 'aba-routing-number',
    category: 'financial',
    entity: 'ABA_ROUTING_NUMBER',
    description: 'US ABA routing transit number: a Federal Reserve prefix and the 3-7-1 check digit.',
    digits: { min: 9, max: 9, separators: '-' },
    pattern: ABA_PATTERN,
    // The 4-4-1 grouping is how routing numbers are printed; bare nine digits need context.
    find: graded(ABA_PATTERN, 1, byGrouping(0.6, 0.4)),
    validate: (v) => abaRoutingValid(digitsOf(v)),
    confidence: 0.35,
    contextConfidence: 0.85,
    context: ['routing', 'aba', 'rtn', 'transit', 'bank', 'ach', 'wire'],
    mask: 'last4',
    samples: {
      positive: ['Routing number: 072451302', 'ABA 0724-5130-2'],
      negative: ['Routing number: 072451303'],
    },
  },
  {
    id: 'us-bank-account-number',
    category: 'financial',
    entity: 'US_BANK_NUMBER',
    description: 'A bank account number (8-17 digits) right after an account-number label.',
    keywords: ['account number', 'account no', 'acct', 'account #', 'bank account', 'checking account', 'savings account'],
    pattern: re`(?:[Aa]ccount(?: [Nn]umber| [Nn]o\.?| #)?|[Aa]cct\.?(?: #| [Nn]o\.?)?|[Cc]hecking|[Ss]avings)[^0-9A-Za-z\n]{0,6}(?:is[^0-9\n]{0,4})?([0-9]{8,17})(?![0-9])`,
    group: 1,
    window: { before: 24, after: 48 },
    confidence: 0.6,
    mask: 'last4',
    samples: {
      positive: ['Account number: 000123456789', 'acct #: 4099812345'],
      negative: ['account number: see above'],
    },
  },
];

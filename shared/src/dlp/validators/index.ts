import type { ValidatorFn } from '../types.js';
import { alnumUpper, digitsOf } from '../text.js';
import {
  abaRoutingValid,
  auMedicareValid,
  auTfnValid,
  cnpjValid,
  cpfValid,
  deTaxIdValid,
  esNieValid,
  esNifValid,
  inseeValid,
  itFiscalCodeValid,
  luhnValid,
  nhsValid,
  nlBsnValid,
  peselValid,
  sgNricValid,
  usDeaValid,
  usNpiValid,
  verhoeffValid,
} from './checksums.js';
import { bitcoinBase58Valid, ethereumChecksum, segwitAddressValid } from './crypto-wallets.js';
import { creditCardValid, validateIban } from './financial.js';
import { aadhaarPrefixValid, caSinPrefixValid, plausibleDate, ukNinoValid, usItinValid, usSsnValid } from './identity.js';
import { ipv4AddressValid, macAddressValid, validateIpv6 } from './network.js';
import { githubTokenChecksumValid, jwtHeaderValid } from './tokens.js';

const onDigits =
  (f: (digits: string) => boolean): ValidatorFn =>
  (value) =>
    f(digitsOf(value));

/**
 * Validators by name, for custom detectors written in policy (`"validator": "luhn"`). Each takes
 * the matched text as written (separators included) and normalizes it itself.
 */
export const NAMED_VALIDATORS = {
  luhn: onDigits(luhnValid),
  'credit-card': creditCardValid,
  iban: validateIban,
  'aba-routing': onDigits(abaRoutingValid),
  verhoeff: onDigits(verhoeffValid),
  'uk-nhs': onDigits(nhsValid),
  'uk-nino': ukNinoValid,
  'au-tfn': onDigits(auTfnValid),
  'au-medicare': onDigits(auMedicareValid),
  'nl-bsn': onDigits(nlBsnValid),
  'de-tax-id': onDigits(deTaxIdValid),
  'pl-pesel': onDigits(peselValid),
  'br-cpf': onDigits(cpfValid),
  'br-cnpj': onDigits(cnpjValid),
  'fr-insee': (v) => inseeValid(alnumUpper(v)),
  'es-nif': (v) => esNifValid(alnumUpper(v)),
  'es-nie': (v) => esNieValid(alnumUpper(v)),
  'it-fiscal-code': (v) => itFiscalCodeValid(alnumUpper(v)),
  'sg-nric': (v) => sgNricValid(alnumUpper(v)),
  'us-ssn': usSsnValid,
  'us-itin': usItinValid,
  'us-dea': (v) => usDeaValid(alnumUpper(v)),
  'us-npi': onDigits(usNpiValid),
  'ca-sin': onDigits((d) => caSinPrefixValid(d) && luhnValid(d)),
  'in-aadhaar': onDigits((d) => aadhaarPrefixValid(d) && verhoeffValid(d)),
  ipv4: ipv4AddressValid,
  ipv6: validateIpv6,
  mac: macAddressValid,
  bitcoin: (v) => bitcoinBase58Valid(v) || segwitAddressValid(v),
  ethereum: (v) => ethereumChecksum(v) !== 'invalid',
  jwt: jwtHeaderValid,
  'github-token': githubTokenChecksumValid,
  date: plausibleDate,
} as const satisfies Record<string, ValidatorFn>;

export type ValidatorName = keyof typeof NAMED_VALIDATORS;

export const VALIDATOR_NAMES = Object.keys(NAMED_VALIDATORS) as [ValidatorName, ...ValidatorName[]];

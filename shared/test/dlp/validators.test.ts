import { describe, expect, it } from 'vitest';
import { rng } from './seeded-random.js';
import {
  abaRoutingValid,
  auMedicareValid,
  auTfnValid,
  base62Crc32TokenValid,
  base62Encode,
  cnpjValid,
  cpfValid,
  crc32,
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
} from '../../src/dlp/validators/checksums.js';
import { bech32Variant, bitcoinBase58Valid, ethereumChecksum, segwitAddressValid } from '../../src/dlp/validators/crypto-wallets.js';
import { creditCardValid, ibanChecksumValid, validateIban } from '../../src/dlp/validators/financial.js';
import { plausibleDate, ukNinoValid, usItinValid, usSsnValid } from '../../src/dlp/validators/identity.js';
import { ipv4AddressValid, macAddressValid, validateIpv6 } from '../../src/dlp/validators/network.js';
import { base64ToLatin1, jwtHeaderValid } from '../../src/dlp/validators/tokens.js';
import { hasTypedRepeat, shannonEntropy } from '../../src/dlp/text.js';
import { BUILTIN_DETECTORS, NAMED_VALIDATORS } from '../../src/index.js';

describe('check digits', () => {
  it('Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('7992a398713')).toBe(false);
  });
  it('Verhoeff', () => {
    expect(verhoeffValid('2363')).toBe(true);
    expect(verhoeffValid('2364')).toBe(false);
    expect(verhoeffValid('648159074972')).toBe(true);
  });
  it('ABA routing numbers', () => {
    expect(abaRoutingValid('011000015')).toBe(true);
    expect(abaRoutingValid('011000016')).toBe(false);
    // A valid checksum with a prefix the Federal Reserve does not use.
    expect(abaRoutingValid('500000000')).toBe(false);
  });
  it('national identifiers', () => {
    expect(nhsValid('3889234887')).toBe(true);
    expect(nhsValid('3889234888')).toBe(false);
    expect(auTfnValid('903906032')).toBe(true);
    expect(auTfnValid('903906033')).toBe(false);
    expect(auMedicareValid('4490552216')).toBe(true);
    expect(auMedicareValid('1490552216')).toBe(false);
    expect(nlBsnValid('085441004')).toBe(true);
    expect(nlBsnValid('085441005')).toBe(false);
    expect(deTaxIdValid('40607627741')).toBe(true);
    expect(deTaxIdValid('40607627742')).toBe(false);
    expect(deTaxIdValid('11112345678')).toBe(false); // one digit four times
    expect(peselValid('84021061093')).toBe(true);
    expect(peselValid('84021061094')).toBe(false);
    expect(peselValid('84133161090')).toBe(false); // month 13
    expect(cpfValid('87705479559')).toBe(true);
    expect(cpfValid('11111111111')).toBe(false);
    expect(cnpjValid('09687355000175')).toBe(true);
    expect(cnpjValid('09687355000176')).toBe(false);
    expect(inseeValid('205024757699033')).toBe(true);
    expect(inseeValid('205024757699034')).toBe(false);
    expect(esNifValid('29679698S')).toBe(true);
    expect(esNifValid('29679698-S')).toBe(true);
    expect(esNifValid('29679698T')).toBe(false);
    expect(esNieValid('Y9696625T')).toBe(true);
    expect(esNieValid('Y9696625R')).toBe(false);
    expect(itFiscalCodeValid('RYRIQF66B01X519I')).toBe(true);
    expect(itFiscalCodeValid('RYRIQF66B01X519J')).toBe(false);
    for (const v of ['S5868606I', 'T2563704B', 'F0010902U', 'G8810943R', 'M9106254W']) expect(sgNricValid(v), v).toBe(true);
    expect(sgNricValid('S5868606J')).toBe(false);
    expect(usDeaValid('BM4167018')).toBe(true);
    expect(usDeaValid('BM4167019')).toBe(false);
    expect(usNpiValid('1819488036')).toBe(true);
    expect(usNpiValid('1819488037')).toBe(false);
  });
  it('US SSN and ITIN structure', () => {
    expect(usSsnValid('536-90-4410')).toBe(true);
    expect(usSsnValid('666-12-3456')).toBe(false);
    expect(usSsnValid('900-12-3456')).toBe(false);
    expect(usSsnValid('536-00-4410')).toBe(false);
    expect(usSsnValid('536-90-0000')).toBe(false);
    expect(usItinValid('912-71-1234')).toBe(true);
    expect(usItinValid('912-89-1234')).toBe(false);
  });
  it('UK NINO prefixes and suffix', () => {
    expect(ukNinoValid('JG 10 37 25 C')).toBe(true);
    expect(ukNinoValid('QV123456C')).toBe(false);
    expect(ukNinoValid('GB123456A')).toBe(false);
    expect(ukNinoValid('JG103725E')).toBe(false);
  });
});

describe('payment and bank identifiers', () => {
  it('cards need a network prefix, a length it issues and Luhn', () => {
    expect(creditCardValid('4940 1842 0360 3003')).toBe(true);
    expect(creditCardValid('4940184203603004')).toBe(false);
    expect(creditCardValid('370006575401194')).toBe(true);
    // Luhn-valid but no network issues 16-digit numbers starting with 7.
    expect(creditCardValid('7000000000000006')).toBe(false);
  });
  it('cards: the one-pass check agrees with the definition (separators removed, Luhn, network prefix and length)', () => {
    // Issuer prefixes and lengths as ISO/IEC 7812 lists them (the table in financial.ts, written out again).
    const networks: [RegExp, number[]][] = [
      [/^4/, [13, 16, 19]], [/^5[1-5]/, [16]], [/^(?:222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, [16]], [/^3[47]/, [15]],
      [/^30[0-5]/, [14, 16, 17, 18, 19]], [/^3[689]/, [14, 15, 16, 17, 18, 19]], [/^35(?:2[89]|[3-8]\d)/, [16, 17, 18, 19]],
      [/^(?:6011|64[4-9]|65|62)/, [16, 17, 18, 19]], [/^(?:50|5[6-9]|6\d)/, [12, 13, 14, 15, 16, 17, 18, 19]],
      [/^220[0-4]/, [16, 17, 18, 19]], [/^8[12]/, [16]], [/^9792/, [16]], [/^1/, [15]],
    ];
    const reference = (v: string): boolean => {
      const digits = v.replace(/[ -]/g, '');
      return digits.length >= 12 && digits.length <= 19 && luhnValid(digits) && networks.some(([re, lengths]) => re.test(digits) && lengths.includes(digits.length));
    };
    const random = rng(11);
    const edges = ['1', '2199', '2200', '2204', '2205', '2220', '2221', '2720', '2721', '29', '300', '305', '306', '34', '35', '3527', '3528', '3589', '3590', '36', '37', '38', '39', '4', '49', '50', '51', '55', '56', '6011', '6012', '62', '643', '644', '649', '65', '69', '7', '80', '81', '82', '83', '9791', '9792', '9793'];
    const alphabet = '0123456789012345678901234567890123456789 -.a';
    let valid = 0;
    for (let i = 0; i < 20_000; i++) {
      let v = '';
      if (i % 2 === 0) {
        const length = 1 + Math.floor(random() * 24);
        for (let k = 0; k < length; k++) v += alphabet[Math.floor(random() * alphabet.length)];
      } else {
        // Half start at a range's edge, 11 to 20 digits long with separators here and there, made
        // Luhn-valid by their last digit: the prefix and length rules decide these.
        v = edges[Math.floor(random() * edges.length)] as string;
        const length = 11 + Math.floor(random() * 10);
        while (v.replace(/[ -]/g, '').length < length) v += random() < 0.15 ? (random() < 0.5 ? ' ' : '-') : String(Math.floor(random() * 10));
        for (let d = 0; d < 10 && !luhnValid(v.replace(/[ -]/g, '')); d++) v = v.slice(0, -1) + String(d);
      }
      const expected = reference(v);
      if (expected) valid++;
      expect(creditCardValid(v), v).toBe(expected);
    }
    expect(valid).toBeGreaterThan(2000);
  });
  it('IBAN: registry length and mod 97, trimmed to the country length', () => {
    expect(ibanChecksumValid('GB82WEST12345698765432')).toBe(true);
    expect(validateIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(validateIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(validateIban('ZZ82WEST12345698765432')).toBe(false);
    expect(validateIban('GB82 WEST 1234 5698 7654 32 AND')).toEqual({ start: 0, end: 27 });
    expect(validateIban('GB82WEST123456987654321')).toBe(false); // runs on into another character
  });
});

describe('network and crypto', () => {
  it('IPv4 and IPv6', () => {
    expect(ipv4AddressValid('192.168.1.1')).toBe(true);
    expect(ipv4AddressValid('256.1.1.1')).toBe(false);
    expect(ipv4AddressValid('01.2.3.4')).toBe(false);
    for (const v of ['::', '::1', 'fe80::1%eth0', '2001:db8::8a2e:370:7334', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8']) expect(validateIpv6(v), v).toBeTruthy();
    for (const v of ['1:2:3', '12:34:56', '1::2::3', ':::', '2001:db8::256.1.1.1']) expect(validateIpv6(v), v).toBe(false);
    expect(validateIpv6('::1.')).toEqual({ start: 0, end: 3 });
  });
  it('MAC addresses, not all-zero or broadcast', () => {
    expect(macAddressValid('3c:22:fb:10:a4:9e')).toBe(true);
    expect(macAddressValid('3c22.fb10.a49e')).toBe(true);
    expect(macAddressValid('ff:ff:ff:ff:ff:ff')).toBe(false);
    expect(macAddressValid('00-00-00-00-00-00')).toBe(false);
  });
  it('Bitcoin Base58Check and bech32/bech32m', () => {
    expect(bitcoinBase58Valid('1BoatSLRHtKNngkdXEeobR76b53LETtpyT')).toBe(true);
    expect(bitcoinBase58Valid('1BoatSLRHtKNngkdXEeobR76b53LETtpyX')).toBe(false);
    expect(bech32Variant('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBe('bech32');
    expect(segwitAddressValid('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBe(true);
    expect(segwitAddressValid('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0')).toBe(true);
    expect(segwitAddressValid('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toBe(false);
    expect(bech32Variant('bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBeUndefined(); // mixed case
  });
  it('Ethereum EIP-55', () => {
    expect(ethereumChecksum('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe('valid');
    expect(ethereumChecksum('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).toBe('none');
    expect(ethereumChecksum('0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe('invalid');
  });
});

describe('tokens', () => {
  it('CRC-32 and base62 as GitHub and npm use them', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(base62Encode(61, 2)).toBe('0z');
    const body = 'A'.repeat(15) + 'b'.repeat(15);
    const token = `ghp_${body}${base62Encode(crc32(body), 6)}`;
    expect(base62Crc32TokenValid(token, 4)).toBe(true);
    expect(base62Crc32TokenValid(`${token.slice(0, -1)}0`, 4)).toBe(false);
  });
  it('JWT header is a JSON object', () => {
    expect(jwtHeaderValid('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).toBe(true);
    expect(jwtHeaderValid('eyJub3Qgd.eyJ.x')).toBe(false);
    expect(base64ToLatin1('aGVsbG8')).toBe('hello');
    expect(base64ToLatin1('a$b')).toBeUndefined();
  });
  it('dates', () => {
    expect(plausibleDate('1987-03-14')).toBe(true);
    expect(plausibleDate('14/03/1987')).toBe(true);
    expect(plausibleDate('March 14, 1987')).toBe(true);
    expect(plausibleDate('31/02/1987')).toBe(false);
    expect(plausibleDate('1987-13-01')).toBe(false);
  });
  it('every named validator accepts formatted input', () => {
    expect(NAMED_VALIDATORS.luhn('7992-7398-713')).toBe(true);
    expect(NAMED_VALIDATORS['uk-nhs']('388 923 4887')).toBe(true);
    expect(NAMED_VALIDATORS['es-nie']('y-9696625-t')).toBe(true);
    expect(NAMED_VALIDATORS.iban('gb82 west 1234 5698 7654 32')).toBe(false); // IBANs are upper case
  });
});

describe('e-mail addresses', () => {
  const validate = BUILTIN_DETECTORS.find((d) => d.id === 'email-address')?.validate;
  const valid = (v: string): boolean => validate?.(v, { text: v, start: 0, end: v.length }) === true;

  it('are not file names, whatever the case of the extension', () => {
    for (const v of ['icon@2x.png', 'logo@2X.PNG', 'a@b.Json', 'x@y.wasm', 'lib@1.2.3.js', 'a@b.loc\u212A']) expect(valid(v), v).toBe(false);
    for (const v of ['jane@acme.io', 'a@b.network', 'a@b.jsx', 'a@b.pngs', 'a@b.co']) expect(valid(v), v).toBe(true);
  });
});

describe('Shannon entropy', () => {
  it('gives the same bits as the textbook sum in order of first appearance', () => {
    const next = rng(1948);
    const alphabet = 'abcdefABCDEF0123456789+/=_-é\u00ff€';
    for (let t = 0; t < 5000; t++) {
      const length = Math.floor(next() * 120);
      let s = '';
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * (next() < 0.3 ? 4 : alphabet.length))];
      const counts = new Map<string, number>();
      for (const ch of s.split('')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      let expected = 0;
      for (const n of counts.values()) expected -= (n / s.length) * Math.log2(n / s.length);
      expect(shannonEntropy(s), JSON.stringify(s)).toBe(expected);
    }
  });
});

describe('typed repeats in credentials', () => {
  it('are found where the backreference expressions find them', () => {
    const next = rng(99);
    const pieces = ['a', 'b', 'c', '\n', '\r', '\u2028', 'x', 'ab', 'abc', 'abcd', 'aaaa', '\ud83d\ude00'];
    let found = 0;
    for (let t = 0; t < 20000; t++) {
      let s = '';
      const n = 1 + Math.floor(next() * 20);
      for (let i = 0; i < n; i++) s += pieces[Math.floor(next() * (next() < 0.5 ? 3 : pieces.length))];
      const expected = /(.)\1{7}/.test(s) || /(.{2,4})\1{4}/.test(s);
      if (expected) found++;
      expect(hasTypedRepeat(s), JSON.stringify(s)).toBe(expected);
    }
    expect(found).toBeGreaterThan(100);
  });
});

/** Hostile texts for anything that quotes: statement breakers, escapes, controls, separators, lone surrogates, length. */
export const HOSTILE = [
  '"; do shell script "touch /tmp/pwned" --',
  'end"\ndisplay dialog "owned',
  'C:\\path\\"quoted"\\',
  'tab\there\r\nCRLF\rCR',
  '\u0000nul \u0007bell \u001b[31mred\u001b[0m \u007fdel \u0085nel',
  'line\u2028separator\u2029paragraph',
  'lone \ud800 surrogate \udfff',
  "¬ continuation « chevrons » ✓ 🔑 $(calc) `whoami` '@ \"@ ${env:PATH}",
  `${'"\\'.repeat(3000)}`,
];

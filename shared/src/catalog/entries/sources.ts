/**
 * Helpers that spell out how a product fact was observed. A Homebrew cask is not the vendor's
 * document, but it records what the vendor's package contains (bundle id in `uninstall quit:`,
 * folders in `zap trash:`), so the fact is the product's own and the cask is where it was read.
 */
export const cask = (path: string, what = 'bundle id and data folders of the installed app'): string =>
  `product: ${what}, as recorded by Homebrew's package of it (https://github.com/Homebrew/homebrew-cask/blob/HEAD/Casks/${path})`;

/** A fact read from a signed binary's code signature. */
export const codesign = (app: string, where: string): string =>
  `product: TeamIdentifier in \`codesign -dv --verbose=4 ${app}\`, as recorded in ${where}`;

/** A product's own web address (the site is the product). */
export const site = (url: string): string => url;

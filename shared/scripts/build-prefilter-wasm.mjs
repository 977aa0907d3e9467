// Compiles src/dlp/wasm/prefilter.wat into src/dlp/wasm/prefilter-module.ts (the module's bytes,
// base64), which is checked in: building and testing need no WebAssembly tool, and a test fails
// when the checked-in bytes no longer match the text format.
//
//   npm run generate:wasm -w @sluice/shared
import { readFileSync, writeFileSync } from 'node:fs';
import wabtInit from 'wabt';

export async function compilePrefilter() {
  const wabt = await wabtInit();
  const source = readFileSync(new URL('../src/dlp/wasm/prefilter.wat', import.meta.url), 'utf8');
  const module = wabt.parseWat('prefilter.wat', source, { simd: true });
  module.validate();
  const { buffer } = module.toBinary({ log: false, write_debug_names: false });
  module.destroy();
  return Buffer.from(buffer).toString('base64');
}

export function moduleSource(base64) {
  return [
    '// Generated from prefilter.wat by scripts/build-prefilter-wasm.mjs: do not edit.',
    `export const PREFILTER_WASM_BASE64 = '${base64}';`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = new URL('../src/dlp/wasm/prefilter-module.ts', import.meta.url);
  writeFileSync(target, moduleSource(await compilePrefilter()));
  console.log(`wrote ${target.pathname}`);
}

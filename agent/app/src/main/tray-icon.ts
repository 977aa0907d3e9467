import type { StatusView } from '../common/ipc.js';

/**
 * The tray icon drawn in code (no image files to ship or sign): a ring whose colour says the state
 * at a glance. Raw BGRA pixels, as nativeImage.createFromBitmap takes them.
 */

export type TrayTone = 'ok' | 'attention' | 'off';

export function trayTone(view: StatusView): TrayTone {
  if (view.agent === 'not_enrolled' || view.agent === 'failed' || view.agent === 'unsupported') return 'off';
  if (view.pending || view.pasteGuard.state === 'unavailable' || view.connection !== 'connected') return 'attention';
  return 'ok';
}

const COLOURS: Record<TrayTone, [number, number, number]> = {
  ok: [46, 160, 67],
  attention: [219, 151, 0],
  off: [128, 128, 128],
};

export function trayIconBitmap(tone: TrayTone, size = 16): Buffer {
  const [r, g, b] = COLOURS[tone];
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const outer = size / 2 - 0.5;
  const inner = outer * 0.45;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - centre, y - centre);
      const alpha = d <= outer && d >= inner ? 255 : 0;
      const i = (y * size + x) * 4;
      pixels[i] = b;
      pixels[i + 1] = g;
      pixels[i + 2] = r;
      pixels[i + 3] = alpha;
    }
  }
  return pixels;
}

import type { DataCategory } from '../policy/policy.js';
import { previewValue } from './mask.js';
import type { DlpFinding, DlpSignal, MaskStyle } from './types.js';

/** What every finding carries as plain fields; the subclasses compute the rest on first read. */
abstract class FindingFields {
  constructor(
    readonly detector: string,
    readonly category: DataCategory,
    readonly entity: string,
    readonly label: string,
    readonly start: number,
    readonly end: number,
    readonly confidence: number,
    readonly signals: readonly DlpSignal[],
  ) {}
}

/**
 * A value finding whose preview is masked on first read. A paste of a customer table holds
 * thousands of e-mail addresses, and evidence carries the previews of a few per detector: masking
 * every value in the scan was a tenth of its time. Until then the finding holds the value in a
 * private field, which JSON, `Object.keys` and `util.inspect` do not show, and drops it once the
 * preview is made. `toJSON` gives the plain shape (preview included) that callers serialize.
 */
export class ValueFinding extends FindingFields implements DlpFinding {
  #value: string | undefined;
  #preview: string | undefined;
  #mask: MaskStyle = 'full';

  /** Gives the finding its value and mask style (once, right after construction). */
  holding(value: string, mask: MaskStyle): this {
    this.#value = value;
    this.#mask = mask;
    return this;
  }

  get preview(): string {
    if (this.#preview === undefined) {
      this.#preview = previewValue(this.#value ?? '', this.#mask);
      this.#value = undefined;
    }
    return this.#preview;
  }

  toJSON(): DlpFinding {
    const { detector, category, entity, label, start, end, confidence, preview, signals } = this;
    return { detector, category, entity, label, start, end, confidence, preview, signals };
  }
}

/** A region finding (pasted source code) whose language is guessed on first read. */
export class RegionFinding extends FindingFields implements DlpFinding {
  #language: string | (() => string) = 'unknown';
  readonly region = true as const;

  /** Gives the region its language, or a function naming it when first asked (once, right after construction). */
  speaking(language: string | (() => string)): this {
    this.#language = language;
    return this;
  }

  get language(): string {
    if (typeof this.#language === 'function') this.#language = this.#language();
    return this.#language;
  }

  get preview(): string {
    return `${this.language} (${this.end - this.start} chars)`;
  }

  toJSON(): DlpFinding {
    const { detector, category, entity, label, start, end, confidence, preview, signals, region, language } = this;
    return { detector, category, entity, label, start, end, confidence, preview, signals, region, language };
  }
}

import type { AppendResult, DeviceBatch, Store } from '../storage/store.js';
import type { Metrics } from '../metrics.js';

export interface WriterOptions {
  /** Queue depth (events) at which agents are told to pause. */
  highWaterEvents: number;
  /** Queue depth at which they may resume. */
  lowWaterEvents: number;
  /** Upper bound on one transaction; larger queues are split. */
  maxTransactionEvents: number;
}

interface Pending {
  batch: DeviceBatch;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: batches from every connection queue here and are written together in one
 * transaction as soon as the event loop is free, so the cost of a durable commit is shared by
 * everything that arrived meanwhile. Each batch's promise settles only after its transaction
 * is durable; commits happen in arrival order, so per-device acknowledgements stay ordered.
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private queuedEvents = 0;
  private scheduled = false;
  private writing = false;
  private paused = false;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly options: WriterOptions,
    private readonly metrics: Metrics,
    private readonly onPressure: (paused: boolean) => void,
  ) {}

  get depth(): number {
    return this.queuedEvents;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  enqueue(batch: DeviceBatch): Promise<AppendResult> {
    if (this.closed) return Promise.reject(Object.assign(new Error('The writer is closed.'), { code: 'E_SHUTTING_DOWN' }));
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.queuedEvents += batch.events.length;
      this.updateGauges();
      this.checkPressure();
      this.schedule();
    });
  }

  /** Resolves when everything queued so far is written (used on shutdown). */
  async drain(): Promise<void> {
    if (this.queue.length === 0 && !this.writing) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const take: Pending[] = [];
        let events = 0;
        while (this.queue.length > 0 && (take.length === 0 || events + this.queue[0]!.batch.events.length <= this.options.maxTransactionEvents)) {
          const next = this.queue.shift()!;
          take.push(next);
          events += next.batch.events.length;
        }
        const started = performance.now();
        try {
          const result = await this.store.appendBatches(take.map((p) => p.batch));
          this.metrics.writeSeconds.observe((performance.now() - started) / 1000);
          this.metrics.writeEvents.observe(events);
          this.metrics.eventsIngested.inc(result.inserted);
          this.metrics.eventsDuplicate.inc(result.duplicates);
          for (const p of take) p.resolve(result);
        } catch (error) {
          this.metrics.storageErrors.inc();
          for (const p of take) p.reject(error as Error);
        }
        this.queuedEvents -= events;
        this.updateGauges();
        this.checkPressure();
        // Let sockets deliver more frames between transactions so the next commit groups them.
        if (this.queue.length > 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.writing = false;
      if (this.queue.length > 0) this.schedule();
      else for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private checkPressure(): void {
    if (!this.paused && this.queuedEvents >= this.options.highWaterEvents) {
      this.paused = true;
      this.metrics.flowPauses.inc();
      this.onPressure(true);
    } else if (this.paused && this.queuedEvents <= this.options.lowWaterEvents) {
      this.paused = false;
      this.onPressure(false);
    }
  }

  private updateGauges(): void {
    this.metrics.queueEvents.set(this.queuedEvents);
    this.metrics.queueBatches.set(this.queue.length);
  }
}

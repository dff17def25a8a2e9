import { setTimeout as sleep, setImmediate as nextTurn } from 'node:timers/promises';

// Answers run after the ack, a few at a time, and give way to arriving Slack requests.
// Embedded PGlite and the retrieval scoring run on the main thread in chunks of tens of ms; a
// request that arrives during such a chunk waits for it. So while requests keep arriving (a burst),
// answer work holds back briefly and every request in the burst gets its ack first.

export interface QueueOptions {
  concurrency: number;
  /** Start work only after this long without a new request… */
  quietMs?: number;
  /** …but never hold a job back longer than this. */
  maxDeferMs?: number;
}

export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private lastArrival = 0;
  private readonly quietMs: number;
  private readonly maxDeferMs: number;

  constructor(private readonly opts: QueueOptions) {
    this.quietMs = opts.quietMs ?? 10;
    this.maxDeferMs = opts.maxDeferMs ?? 1000;
  }

  /** A platform request arrived (called before its ack). */
  arrived(): void {
    this.lastArrival = performance.now();
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.opts.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      await this.quiet();
      return await job();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next job, so the count stays right.
      if (next) next();
      else this.running--;
    }
  }

  private async quiet(): Promise<void> {
    await nextTurn();
    const deadline = performance.now() + this.maxDeferMs;
    while (performance.now() - this.lastArrival < this.quietMs && performance.now() < deadline) await sleep(this.quietMs);
  }
}

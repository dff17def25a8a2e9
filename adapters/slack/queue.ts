import { setImmediate as nextTurn } from 'node:timers/promises';

// Answers run after the ack, a few at a time. Embedded PGlite runs queries on the main thread and
// chains them without giving I/O a turn, so unbounded parallel answers would hold back the acks of
// newly arriving requests; a small pool that yields to the event loop before each job keeps acks fast.

export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      await nextTurn();
      return await job();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next job, so the count stays right.
      if (next) next();
      else this.running--;
    }
  }
}

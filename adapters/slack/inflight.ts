// Work that continues after Slack got its ack; stop() waits for it so the database is not closed under it.

export class Inflight {
  private readonly tasks = new Set<Promise<unknown>>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = fn();
    this.tasks.add(p);
    const done = () => this.tasks.delete(p);
    p.then(done, done);
    return p;
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Resolves when nothing is running (or after `timeoutMs`). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.tasks.size > 0 && Date.now() < deadline) {
      const timer = new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())));
      await Promise.race([Promise.allSettled([...this.tasks]), timer]);
    }
  }
}

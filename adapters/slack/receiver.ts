import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { JobQueue } from '../../src/core/jobs.js';

// Bolt's extension point for where events come from: a Receiver. This one sits in front of Bolt's own
// receiver (HTTP or Socket Mode), which verifies and parses each delivery; instead of handing it to the
// listeners at once, it records the delivery as a job and only then acknowledges it. The job runs it
// through Bolt (authorize, middleware, listeners) with `run`, after the ack.

export class QueuedReceiver implements Receiver {
  private app: App | undefined;

  constructor(
    private readonly inner: Receiver,
    private readonly jobs: JobQueue,
    /** Records a delivery as a job (a redelivery has the same key, so it is recorded once); throws to refuse it. */
    private readonly record: (body: Record<string, unknown>) => Promise<void>,
  ) {}

  init(app: App): void {
    this.app = app;
    // The inner receiver only ever calls processEvent on what it was given.
    this.inner.init({ processEvent: (event: ReceiverEvent) => this.receive(event) } as unknown as App);
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.inner.start(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.inner.stop(...args);
  }

  private async receive(event: ReceiverEvent): Promise<void> {
    this.jobs.arrived();
    await this.record(event.body);
    await event.ack();
  }

  /** Runs a recorded delivery through Bolt; it was acknowledged already. */
  async run(body: Record<string, unknown>): Promise<void> {
    if (!this.app) throw new Error('slack: receiver not initialised');
    await this.app.processEvent({ body, ack: async () => undefined });
  }
}

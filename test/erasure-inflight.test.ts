import { describe, expect, it } from 'vitest';
import type { Reply } from '../src/core/types.js';
import { eraseGroup } from '../src/privacy/erase.js';
import { testAppForSuite } from './helpers/app.js';
import { backends } from './helpers/db.js';

// Erasure while a message of the group is being worked on (issue 20.3): the job was taken before the
// erasure and runs on after it; it must not bring the group back. A message recorded after the erasure
// starts the group fresh.

describe.each(backends)('erasure with a job in flight on %s', (kind) => {
  const suite = testAppForSuite(kind);

  it('does not recreate the group from work taken before the erasure', async () => {
    const { app } = suite;
    const msg = (text: string) => ({
      platform: 'slack' as const,
      workspace: 'T1',
      channel: 'CFLY',
      user: { id: 'U1', name: 'Anna' },
      text,
    });
    await app.bot.handle(msg('besluit Het eerste besluit'));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let taken!: () => void;
    const running = new Promise<void>((r) => (taken = r));
    const replies: Reply[][] = [];
    app.bot.jobs.handle('test-flight', async (job) => {
      taken();
      await gate;
      replies.push(await app.bot.handle((job.payload as { msg: ReturnType<typeof msg> }).msg));
    });
    await app.bot.jobs.enqueue('test-flight', 'before', { msg: msg('besluit Geheim tweede besluit') }, 'slack:T1:CFLY');
    await running;
    await eraseGroup(app.db, 'slack:T1:CFLY');
    release();
    await app.bot.jobs.idle();
    expect(replies).toEqual([[]]);
    const left = await app.db.query(
      `SELECT id FROM groups WHERE id = 'slack:T1:CFLY' UNION ALL SELECT group_id FROM decisions WHERE group_id = 'slack:T1:CFLY'`,
    );
    expect(left.rows).toEqual([]);

    await app.bot.jobs.enqueue('test-flight', 'after', { msg: msg('besluit Nieuw begin') }, 'slack:T1:CFLY');
    await app.bot.jobs.idle();
    const { rows } = await app.db.query<{ number: number; text: string }>(
      `SELECT number, text FROM decisions WHERE group_id = 'slack:T1:CFLY'`,
    );
    expect(rows).toEqual([{ number: 1, text: 'Nieuw begin' }]);
  });
});

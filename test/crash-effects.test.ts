import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { type ChildCall, killChild as kill, killChildren, startCrashChild } from './helpers/crash-child.js';
import { freshStore, type Store } from './helpers/db.js';
import { eventEnvelope } from './helpers/slack-server.js';

// A command's effect happens once (issue 20.5): the server in a child process records a decision, and
// is SIGKILLed after that commit but before the job's checkpoint (a trigger in the test database holds
// the checkpoint's UPDATE, so the kill lands there every time, not by timing). After a restart on the
// same database the job is taken again: it finds the decision recorded and only posts the reply.
// The child's database must be reachable from this process, so this runs on the Postgres server.

const SECRET = 'crash-effects-secret';
let store: Store | undefined;

function startChild(databaseUrl: string, dataDir: string, calls: ChildCall[]) {
  return startCrashChild(
    {
      DATABASE_URL: databaseUrl,
      WERKTAFEL_DATA_DIR: dataDir,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      WERKTAFEL_JOB_LEASE_MS: '1500',
      WERKTAFEL_JOB_POLL_MS: '250',
    },
    calls,
  );
}

afterAll(async () => {
  await killChildren();
  await store?.drop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`waited in vain for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(process.env.DATABASE_URL)('a crash between a command and its checkpoint, on postgres', () => {
  it('records the decision once and answers once more after a SIGKILL and a restart', async () => {
    store = await freshStore('postgres');
    const admin = new pg.Client({ connectionString: store.databaseUrl });
    await admin.connect();
    try {
      const before: ChildCall[] = [];
      const first = await startChild(store.databaseUrl!, store.dataDir, before);
      // The checkpoint (the job's replies) waits; the decision's own transaction is not held.
      await admin.query(`CREATE FUNCTION hold_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.replies IS NOT NULL AND OLD.replies IS NULL THEN PERFORM pg_sleep(600); END IF; RETURN NEW; END $$`);
      await admin.query('CREATE TRIGGER hold_checkpoint BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION hold_checkpoint()');

      const ts = '1700000200.000100';
      const body = JSON.stringify(
        eventEnvelope({ type: 'app_mention', user: 'U1', channel: 'C1', ts, text: '<@UBOT> besluit We huren samen een pand' }),
      );
      const r = await fetch(`${first.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
      expect(r.status).toBe(200);
      // Committed, and the checkpoint held: the moment of the crash.
      await until('the decision', async () => (await admin.query(`SELECT 1 FROM decisions`)).rows.length > 0);
      await until(
        'the checkpoint to be held',
        async () =>
          (
            await admin.query(
              `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%UPDATE jobs SET replies%' AND state = 'active'`,
            )
          ).rows.length > 0,
      );
      await kill(first.child, 'SIGKILL');
      expect(before.filter((c) => c.call === 'chat.postMessage')).toEqual([]);
      // The killed process's server backend still sleeps in the trigger, holding its lock on jobs: end it first.
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      await admin.query('DROP TRIGGER hold_checkpoint ON jobs');
      expect((await admin.query(`SELECT replies FROM jobs`)).rows).toEqual([{ replies: null }]);

      const after: ChildCall[] = [];
      const second = await startChild(store.databaseUrl!, store.dataDir, after);
      await until('the reply', async () => after.some((c) => c.call === 'chat.postMessage' && c.thread === ts));
      const { rows } = await admin.query<{ number: number; text: string }>('SELECT number, text FROM decisions ORDER BY number');
      expect(rows).toEqual([{ number: 1, text: 'We huren samen een pand' }]);
      expect(after.filter((c) => c.call === 'chat.postMessage' && c.thread === ts)).toHaveLength(1);
      await kill(second.child, 'SIGTERM');
    } finally {
      await admin.end();
    }
  }, 180_000);
});

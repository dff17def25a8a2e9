import fs from 'node:fs';
import { expect } from 'vitest';
import { startServer, type RunningServer } from '../../adapters/server.js';
import { startFakeConnector, type ConnectorCall, type FakeConnector } from '../../adapters/teams/dev/connector.js';
import type { TeamsMounted } from '../../adapters/teams/index.js';
import { freshStore } from './db.js';
import { isolateEnv } from './env.js';

// The shared server (startServer) with the Teams adapter on POST /api/messages, on a fresh data
// directory with an isolated environment, and a local connector at the activities' serviceUrl
// recording what the bot sends back.

export interface TeamsFixture {
  server: RunningServer;
  teams: TeamsMounted;
  connector: FakeConnector;
  /** POSTs a Bot Framework activity to /api/messages. */
  send(activity: Record<string, unknown>): Promise<Response>;
  /** Sends an activity and waits until the bot finished everything it started; returns its messages. */
  exchange(activity: Record<string, unknown>): Promise<ConnectorCall[]>;
  close(): Promise<void>;
}

/** `env` adds to the server's environment (e.g. Slack credentials, to try the Teams endpoint in a Slack deployment). */
export async function startTeamsFixture(
  _dataDirPrefix: string, // kept for callers; the store (a copy of the run's template) names its own folder
  env: Record<string, string> = {},
  kind: 'pglite' | 'postgres' = 'pglite',
): Promise<TeamsFixture> {
  const store = await freshStore(kind, { ingested: true });
  const dataDir = store.dataDir;
  const restoreEnv = isolateEnv({
    WERKTAFEL_DATA_DIR: dataDir,
    ...(store?.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
    ...env,
  });
  let connector: FakeConnector | undefined;
  let server: RunningServer | undefined;
  const close = async () => {
    await server?.close();
    await connector?.close();
    restoreEnv();
    await store?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    connector = await startFakeConnector();
    server = await startServer({ HOST: '127.0.0.1', PORT: '0', WERKTAFEL_PLAYGROUND: '0', ...env });
  } catch (err) {
    await close();
    throw err;
  }
  const teams = server.adapters.find((a) => a.name === 'teams') as TeamsMounted;
  const url = `${server.url}/api/messages`;
  const send = (activity: Record<string, unknown>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const fake = connector;
  return {
    server,
    teams,
    connector,
    send,
    async exchange(activity) {
      const before = fake.messages().length;
      const res = await send(activity);
      expect(res.status).toBe(200);
      expect(await teams.idle(60_000), 'the bot had not finished the activity after 60 s').toBe(true);
      return fake.messages().slice(before);
    },
    close,
  };
}

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../adapters/server.js';
import { startFakeConnector, type ConnectorCall, type FakeConnector } from '../adapters/teams/dev/connector.js';
import { ALEX, cardSubmit, personalMessage, channelMention, MEGAN, messageDelete, messageEdit, TEAMS_CHANNEL } from '../adapters/teams/dev/activities.js';
import type { TeamsMounted } from '../adapters/teams/index.js';
import { tempDataDir } from './helpers/db.js';

let server: RunningServer;
let teams: TeamsMounted;
let connector: FakeConnector;
let dataDir: string;
const savedDataDir = process.env.WERKTAFEL_DATA_DIR;

async function exchange(activity: Record<string, unknown>): Promise<ConnectorCall[]> {
  const before = connector.messages().length;
  const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBe(200);
  await teams.idle(60_000);
  const calls = connector.messages().slice(before);
  fs.appendFileSync('/tmp/tf/dump.txt', `\n##### ${activity.type} ${activity.text ?? JSON.stringify(activity.value)}\n` + JSON.stringify(calls.map((c) => ({ m: c.method, p: c.path, id: c.assignedId, body: c.body })), null, 1));
  return calls;
}

beforeAll(async () => {
  fs.rmSync('/tmp/tf/dump.txt', { force: true });
  dataDir = tempDataDir('werktafel-teams-flows-');
  process.env.WERKTAFEL_DATA_DIR = dataDir;
  connector = await startFakeConnector();
  server = await startServer({ HOST: '127.0.0.1', PORT: '0', WERKTAFEL_PLAYGROUND: '0' });
  teams = server.adapters.find((a) => a.name === 'teams') as TeamsMounted;
});

afterAll(async () => {
  await server?.close();
  await connector?.close();
  if (savedDataDir === undefined) delete process.env.WERKTAFEL_DATA_DIR;
  else process.env.WERKTAFEL_DATA_DIR = savedDataDir;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const LIDIA = { id: '29:lidia', name: 'Lidia Holloway', aadObjectId: '00000000-0000-0000-0000-0000000000c3' };

describe('probe', () => {
  it('runs', async () => {
    const url = connector.url;
    await exchange(channelMention(url, 'organisatie Gemeente Zwolle gemeente'));
    await exchange(channelMention(url, 'begrip doorstroom = De beweging van bewoners van een woonzorgvoorziening naar een zelfstandige woning. [domein: sociaal] [synoniemen: doorstroming]'));
    await exchange(channelMention(url, 'begrip doorstroming', { from: MEGAN }));
    await exchange(channelMention(url, 'besluit D2: We tellen jongeren van 18 tot en met 23 jaar'));
    await exchange(channelMention(url, 'besluiten', { from: MEGAN }));
    await exchange(personalMessage(url, 'organisatie Gemeente Zwolle gemeente'));
    await exchange(personalMessage(url, 'begrip doorstroom'));
    await exchange(personalMessage(url, 'begrip regelkracht = Het vermogen van een jongere om zelf regie te voeren.'));
    await exchange(personalMessage(url, 'begrip regelkracht'));
    await exchange(personalMessage(url, 'besluit Wekelijks overleg op dinsdag'));
    await exchange(personalMessage(url, 'besluiten'));
    await exchange(personalMessage(url, 'besluiten', MEGAN, 'a:1personal-chat-with-megan'));
  });
});

import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { personalMessage } from '../adapters/teams/dev/activities.js';
import { startFakeConnector, type FakeConnector } from '../adapters/teams/dev/connector.js';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { type ChildCall, killChild as kill, killChildren, startCrashChild } from './helpers/crash-child.js';
import { tempDataDir } from './helpers/db.js';
import { eventEnvelope } from './helpers/slack-server.js';

// At-least-once answering (issue 10.4): ten questions acknowledged to Slack and ten to Teams, then a real
// SIGKILL of the server process; after a restart on the same store every question is answered, none more
// than twice. The server runs in a child process with the Slack Web API stand-in, which reports every call
// on stdout; Teams replies go to a local connector in this process.

const SECRET = 'crash-test-secret';
const dataDir = tempDataDir('werktafel-crash-');
let connector: FakeConnector;

beforeAll(async () => {
  connector = await startFakeConnector();
});

function startChild(calls: ChildCall[]) {
  return startCrashChild(
    {
      WERKTAFEL_DATA_DIR: dataDir,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      // Teams without Bot Framework credentials next to Slack: the local trial, asked for explicitly.
      WERKTAFEL_TEAMS_LOCAL: '1',
      // One answer at a time on a slow Slack, so most of the ten are still waiting at the kill.
      WERKTAFEL_CONCURRENCY: '1',
      FAKE_CHAT_LATENCY_MS: '200',
      // A job held by the killed process is free again after this long.
      WERKTAFEL_JOB_LEASE_MS: '1500',
      WERKTAFEL_JOB_POLL_MS: '250',
    },
    calls,
  );
}

afterAll(async () => {
  await killChildren();
  await connector?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('answers every acknowledged Slack and Teams question after a SIGKILL and a restart, at most once more', async () => {
  const before: ChildCall[] = [];
  const first = await startChild(before);
  const questions = Array.from({ length: 10 }, (_, i) => `${1_700_000_100 + i}.000100`);
  for (const [i, ts] of questions.entries()) {
    const body = JSON.stringify(
      eventEnvelope({
        type: 'app_mention',
        user: `U${i}`,
        channel: 'C1',
        ts,
        text: `<@UBOT> wat is omklappen van een huurcontract? (${i})`,
      }),
    );
    const r = await fetch(`${first.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
    expect(r.status).toBe(200);
  }
  const teamsIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    const activity = personalMessage(
      connector.url,
      `wat is omklappen van een huurcontract? (${i})`,
      { id: `29:user${i}`, name: `Lid ${i}` },
      `a:chat-${i}`,
    );
    teamsIds.push(activity.id as string);
    const r = await fetch(`${first.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(r.status).toBe(200);
  }
  await kill(first.child, 'SIGKILL');
  const answered = (calls: ChildCall[]) => calls.filter((c) => c.call === 'chat.postMessage' && c.channel === 'C1').map((c) => c.thread);
  const teamsAnswers = () =>
    connector
      .messages()
      .filter((c) => c.method === 'POST' && c.body.type === 'message')
      .map((c) => c.activityId);
  // The kill came while answers were still owed: the test would pass without a queue otherwise.
  expect(new Set(answered(before)).size + new Set(teamsAnswers()).size).toBeLessThan(20);

  const after: ChildCall[] = [];
  const second = await startChild(after);
  // Twenty answers, one at a time on a slow Slack, after a restart: generous for a loaded CI machine.
  const deadline = Date.now() + 180_000;
  const allAnswered = () =>
    questions.every((q) => [...answered(before), ...answered(after)].includes(q)) && teamsIds.every((id) => teamsAnswers().includes(id));
  while (!allAnswered() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const all = [...answered(before), ...answered(after)];
  for (const q of questions) {
    const n = all.filter((t) => t === q).length;
    expect(n, `Slack answers in thread ${q}`).toBeGreaterThanOrEqual(1);
    expect(n, `Slack answers in thread ${q}`).toBeLessThanOrEqual(2);
  }
  for (const id of teamsIds) {
    const n = teamsAnswers().filter((a) => a === id).length;
    expect(n, `Teams answers to ${id}`).toBeGreaterThanOrEqual(1);
    expect(n, `Teams answers to ${id}`).toBeLessThanOrEqual(2);
  }
  await kill(second.child, 'SIGTERM');
}, 360_000);

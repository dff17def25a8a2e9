import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { tempDataDir } from './helpers/db.js';
import { eventEnvelope } from './helpers/slack-server.js';

// At-least-once answering (issue 10.4): ten questions acknowledged to Slack, then a real SIGKILL of the
// server process; after a restart on the same store every question is answered, none more than twice.
// The server runs in a child process with the Web API stand-in, which reports every call on stdout.

const SECRET = 'crash-test-secret';
const dataDir = tempDataDir('werktafel-crash-');
const children: ChildProcess[] = [];

interface Call {
  call: string;
  channel?: string;
  thread: string | null;
}

function startChild(calls: Call[]): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_EMBEDDING_MODEL', 'SLACK_APP_TOKEN', 'MICROSOFT_APP_ID']) delete env[k];
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: '0',
    WERKTAFEL_DATA_DIR: dataDir,
    WERKTAFEL_PLAYGROUND: '0',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    // One answer at a time on a slow Slack, so most of the ten are still waiting at the kill.
    WERKTAFEL_CONCURRENCY: '1',
    FAKE_CHAT_LATENCY_MS: '200',
    // A job held by the killed process is free again after this long.
    WERKTAFEL_JOB_LEASE_MS: '1500',
    WERKTAFEL_JOB_POLL_MS: '250',
    LOG_LEVEL: 'silent',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/slack/dev/crash-child.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as Call & { listening?: string };
      if (msg.listening) resolve({ child, url: msg.listening });
      else calls.push(msg);
    });
  });
}

const kill = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill(signal);
  });

afterAll(async () => {
  for (const c of children) await kill(c, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('answers every acknowledged question after a SIGKILL and a restart, at most once more', async () => {
  const before: Call[] = [];
  const first = await startChild(before);
  const questions = Array.from({ length: 10 }, (_, i) => `${1_700_000_100 + i}.000100`);
  for (const [i, ts] of questions.entries()) {
    const body = JSON.stringify(eventEnvelope({ type: 'app_mention', user: `U${i}`, channel: 'C1', ts, text: `<@UBOT> wat is omklappen van een huurcontract? (${i})` }));
    const r = await fetch(`${first.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
    expect(r.status).toBe(200);
  }
  await kill(first.child, 'SIGKILL');
  const answered = (calls: Call[]) => calls.filter((c) => c.call === 'chat.postMessage' && c.channel === 'C1').map((c) => c.thread);
  // The kill came while answers were still owed: the test would pass without a queue otherwise.
  expect(new Set(answered(before)).size).toBeLessThan(10);

  const after: Call[] = [];
  const second = await startChild(after);
  const deadline = Date.now() + 60_000;
  while (!questions.every((q) => answered(after).includes(q) || answered(before).includes(q)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
  }
  const all = [...answered(before), ...answered(after)];
  for (const q of questions) {
    const n = all.filter((t) => t === q).length;
    expect(n, `answers in thread ${q}`).toBeGreaterThanOrEqual(1);
    expect(n, `answers in thread ${q}`).toBeLessThanOrEqual(2);
  }
  await kill(second.child, 'SIGTERM');
}, 240_000);

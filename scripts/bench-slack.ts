import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signedHeaders } from '../adapters/slack/dev/signing.js';

// `npm run bench:slack`: N concurrent signed app_mention events against the server (`npm start`'s
// entry, in its own process, as Slack would see it), with a local stand-in for the Slack Web API here.
// Prints ack latency p50/p99 and replies per second. BENCH_N (default 50) events per round,
// BENCH_ROUNDS (default 3) rounds. Embedded PGlite in a temp dir unless WERKTAFEL_DATA_DIR /
// DATABASE_URL say otherwise; no LLM unless OPENAI_* is set.

const N = Number(process.env.BENCH_N ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECRET = 'bench-signing-secret';
const QUESTIONS = ['wat is omklappen van een huurcontract?', 'wie heeft de casusregie bij een huurzorgcontract?', 'wat is een uniform huurzorgcontract?'];

/** A stand-in Slack Web API: every method answers ok; chat.postMessage replies are counted. */
function startFakeWebApi(onReply: () => void): Promise<{ url: string; close(): Promise<void> }> {
  let ts = 0;
  const server = http.createServer((req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    req.resume();
    req.on('end', () => {
      const body: Record<string, unknown> = { ok: true };
      if (method === 'auth.test') Object.assign(body, { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
      if (method === 'users.info') Object.assign(body, { user: { id: 'U1', name: 'bench', profile: { display_name: 'Bench' } } });
      if (method === 'chat.postMessage') {
        Object.assign(body, { ts: `1800000000.${String(++ts).padStart(6, '0')}` });
        onReply();
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/api/`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Starts adapters/start.ts and resolves with its URL once it listens (its log lines go to stderr, passed on). */
function startServerProcess(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', 'adapters', 'start.ts')], {
    env: { ...env, LOG_LEVEL: env.LOG_LEVEL || 'info' },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      out += chunk.toString();
      const m = out.match(/(?:luistert op|listens on) (http:\/\/[^\s"]+)/);
      if (m && /"platform":"slack"|\[slack\]|slack:/.test(out)) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

/** Resolves when `count()` reaches `target` (or rejects after `timeoutMs`). */
async function until(count: () => number, target: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < target) {
    if (Date.now() > deadline) throw new Error(`only ${count()} of ${target} replies after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let replies = 0;
const fake = await startFakeWebApi(() => replies++);
const tempDir = process.env.WERKTAFEL_DATA_DIR || process.env.DATABASE_URL ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'werktafel-bench-slack-'));
const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: process.env.PORT ?? '0',
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: fake.url,
  ...(tempDir ? { WERKTAFEL_DATA_DIR: tempDir } : {}),
};
delete serverEnv.SLACK_APP_TOKEN;

console.log('Starting the server (ingests the documents into a fresh store; takes a few seconds)…');
const server = await startServerProcess(serverEnv);
const agent = new http.Agent({ keepAlive: true, maxSockets: N });
let seq = 0;

function sendMention(): Promise<number> {
  const n = ++seq;
  const ts = `1700000000.${String(n).padStart(6, '0')}`;
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `EvBench${Date.now()}${n}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_mention', user: `U${n % 7}`, text: `<@UBOT> ${QUESTIONS[n % QUESTIONS.length]}`, ts, channel: `C${n % 5}`, event_ts: ts },
  });
  const headers = signedHeaders(SECRET, body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}/slack/events`, { method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

try {
  // Warm-up: first auth.test, first query plans, vocabulary load.
  await sendMention();
  await until(() => replies, 1, 60_000);
  console.log(`\nSlack bench: ${ROUNDS} × ${N} concurrent signed app_mention events (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}, ${process.env.OPENAI_BASE_URL || process.env.OPENAI_API_KEY ? 'LLM' : 'extractive'})`);
  const all: number[] = [];
  // Round 0 warms up connections, JIT, query plans and the new channels' groups; it is shown, not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    replies = 0;
    const started = performance.now();
    const acks = (await Promise.all(Array.from({ length: N }, sendMention))).sort((a, b) => a - b);
    await until(() => replies, N, 120_000);
    const seconds = (performance.now() - started) / 1000;
    if (round > 0) all.push(...acks);
    console.log(
      `  ${round === 0 ? 'warm-up' : `round ${round}`}: ack p50 ${percentile(acks, 50).toFixed(1)} ms, p99 ${percentile(acks, 99).toFixed(1)} ms, max ${acks[acks.length - 1].toFixed(1)} ms; ` +
        `${replies}/${N} replies in ${seconds.toFixed(2)} s = ${(replies / seconds).toFixed(1)} replies/s`,
    );
    // Let the tail of the round (reactions, bookkeeping) finish before the next burst.
    await new Promise((r) => setTimeout(r, 300));
  }
  all.sort((a, b) => a - b);
  const p99 = percentile(all, 99);
  console.log(`  overall: ack p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target < 100 ms) ${p99 < 100 ? '✓' : '✗'}`);
} finally {
  agent.destroy();
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  await fake.close();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
}

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
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
// Then the upload scenario: BENCH_UPLOAD_COUNT (6) Markdown files of BENCH_UPLOAD_MB (24) MB shared in as many
// channels, a question in another channel meanwhile (its ack and answer time), then one every BENCH_PROBE_S (10) s
// until the uploads are through (their acks), and the server's peak RSS.
// BENCH_UPLOADS=0 skips it, BENCH_UPLOADS=only runs only it.

const N = Number(process.env.BENCH_N ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECRET = 'bench-signing-secret';
const QUESTIONS = [
  'wat is omklappen van een huurcontract?',
  'wie heeft de casusregie bij een huurzorgcontract?',
  'wat is een uniform huurzorgcontract?',
];

/** Files a member shares in the upload scenario, served at /files/<name> (the server reads them from here). */
const files = new Map<string, Buffer>();

/** A stand-in Slack Web API: every method answers ok; chat.postMessage replies are counted (with their channel and text). */
function startFakeWebApi(onReply: (channel: string, text: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  let ts = 0;
  const server = http.createServer((req, res) => {
    const file = /^\/files\/(.+)$/.exec(req.url ?? '')?.[1];
    if (file && files.has(file)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(files.get(file));
      return;
    }
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body: Record<string, unknown> = { ok: true };
      if (method === 'auth.test') Object.assign(body, { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
      if (method === 'users.info') Object.assign(body, { user: { id: 'U1', name: 'bench', profile: { display_name: 'Bench' } } });
      if (method === 'chat.postMessage') {
        Object.assign(body, { ts: `1800000000.${String(++ts).padStart(6, '0')}` });
        const raw = Buffer.concat(chunks).toString();
        const args: Record<string, unknown> = raw.startsWith('{') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
        onReply(String(args.channel ?? ''), String(args.text ?? ''));
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

const ROOT = path.join(import.meta.dirname, '..');
let built = false;

/**
 * Starts the built server (dist/adapters/start.js, what `npm start` runs: no TypeScript loader in the process or its
 * parse workers, whose memory would count in the RSS) and resolves with its URL once it listens (its log lines go to
 * stderr, passed on).
 */
function startServerProcess(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  if (!built) {
    const b = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')],
      {
        stdio: 'inherit',
      },
    );
    if (b.status !== 0) throw new Error('npm run build failed');
    built = true;
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'adapters', 'start.js')], {
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
const byChannel = new Map<string, { at: number; text: string }[]>();
const fake = await startFakeWebApi((channel, text) => {
  replies++;
  if (!byChannel.has(channel)) byChannel.set(channel, []);
  byChannel.get(channel)!.push({ at: performance.now(), text });
});
const tempDir =
  process.env.WERKTAFEL_DATA_DIR || process.env.DATABASE_URL ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'werktafel-bench-slack-'));
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
/** The server's resident set, sampled every 100 ms (Linux /proc). */
let rssPeak = 0;
const rssTimer = setInterval(() => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? 0);
    rssPeak = Math.max(rssPeak, kb * 1024);
  } catch {
    // not Linux, or the server is gone
  }
}, 100);
let seq = 0;

function sendMention(opts: { channel?: string; text?: string; files?: Record<string, unknown>[]; fresh?: boolean } = {}): Promise<number> {
  const n = ++seq;
  const ts = `1700000000.${String(n).padStart(6, '0')}`;
  const text = opts.text ?? QUESTIONS[n % QUESTIONS.length];
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `EvBench${Date.now()}${n}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_mention',
      user: `U${n % 7}`,
      text: `<@UBOT> ${text}`,
      ts,
      channel: opts.channel ?? `C${n % 5}`,
      event_ts: ts,
      ...(opts.files ? { files: opts.files } : {}),
    },
  });
  const headers = signedHeaders(SECRET, body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // `fresh`: a new connection, not a kept-alive one the server may be closing after seconds of silence.
    const req = http.request(`${server.url}/slack/events`, { method: 'POST', headers, agent: opts.fresh ? false : agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const COUNT = Number(process.env.BENCH_UPLOAD_COUNT ?? 6);
const PROBE_MS = Number(process.env.BENCH_PROBE_S ?? 10) * 1000;
const MB = Number(process.env.BENCH_UPLOAD_MB ?? 24);
// The upload scenario's files, made before the warm-up (not while an idle keep-alive socket may time out).
if (process.env.BENCH_UPLOADS !== '0') {
  const base = fs.readdirSync(path.join(import.meta.dirname, '..', 'knowledge', 'documents')).filter((f) => f.endsWith('.txt'));
  const chapters = base.map((f) => fs.readFileSync(path.join(import.meta.dirname, '..', 'knowledge', 'documents', f), 'utf8'));
  for (let u = 1; u <= COUNT; u++) {
    const parts: string[] = [`# Bijlagen werkgroep ${u}\n`];
    let size = 0;
    for (let i = 0; size < MB * 1048576; i++) {
      const part = `\n## Hoofdstuk ${i + 1}\n\n${chapters[(i + u) % chapters.length]}`;
      parts.push(part);
      size += Buffer.byteLength(part);
    }
    files.set(`upload-${u}.md`, Buffer.from(parts.join('')).subarray(0, MB * 1048576 - 1024));
  }
}

try {
  // Warm-up: first auth.test, first query plans, vocabulary load.
  await sendMention();
  await until(() => replies, 1, 60_000);
  if (process.env.BENCH_UPLOADS !== 'only') await rounds();
  if (process.env.BENCH_UPLOADS !== '0') await uploads();
} finally {
  clearInterval(rssTimer);
  agent.destroy();
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  await fake.close();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
}

async function rounds(): Promise<void> {
  console.log(
    `\nSlack bench: ${ROUNDS} × ${N} concurrent signed app_mention events (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}, ${process.env.OPENAI_BASE_URL || process.env.OPENAI_API_KEY ? 'LLM' : 'extractive'})`,
  );
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
  console.log(
    `  overall: ack p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target < 100 ms) ${p99 < 100 ? '✓' : '✗'}`,
  );
}

/**
 * Six 24 MB Markdown files shared in six channels, then, while they are read and indexed, a question in
 * another channel: its ack and its answer must not wait on the uploads (target: ack < 1 s). The server's
 * peak RSS while the uploads run is sampled from /proc (target < 1 GB).
 */
async function uploads(): Promise<void> {
  console.log(`\nUploads: ${COUNT} × ${MB} MB Markdown in ${COUNT} channels, then a question in another channel`);
  // The same question without uploads first: what the answer takes on this machine anyway.
  const calm = performance.now();
  const calmAck = await sendMention({ channel: 'CB', text: QUESTIONS[1] });
  await until(() => byChannel.get('CB')?.length ?? 0, 1, 120_000);
  console.log(
    `  the question without uploads: ack ${calmAck.toFixed(1)} ms, answered after ${((byChannel.get('CB')![0].at - calm) / 1000).toFixed(2)} s`,
  );
  rssPeak = 0;
  const started = performance.now();
  const uploadAcks = await Promise.all(
    Array.from({ length: COUNT }, (_, i) =>
      sendMention({
        channel: `CUP${i + 1}`,
        text: 'document toevoegen',
        files: [
          {
            id: `FUP${i + 1}`,
            name: `upload-${i + 1}.md`,
            size: files.get(`upload-${i + 1}.md`)!.byteLength,
            url_private_download: `${fake.url.replace(/\/api\/$/, '')}/files/upload-${i + 1}.md`,
          },
        ],
      }),
    ),
  );
  // The question comes while the uploads are being read.
  await new Promise((r) => setTimeout(r, 3000));
  const asked = performance.now();
  const ack = await sendMention({ channel: 'CQ', text: QUESTIONS[1] });
  await until(() => byChannel.get('CQ')?.length ?? 0, 1, 600_000);
  const answered = byChannel.get('CQ')![0].at - asked;
  console.log(`  upload acks: max ${Math.max(...uploadAcks).toFixed(1)} ms`);
  console.log(
    `  question in another channel during the uploads: ack ${ack.toFixed(1)} ms (target < 1000 ms) ${ack < 1000 ? '✓' : '✗'}, answered after ${(answered / 1000).toFixed(2)} s`,
  );
  const done = (c: string) => (byChannel.get(c) ?? []).some((r) => /toegevoegd|niet toegevoegd|vervangen|niet ophalen/.test(r.text));
  const deadline = Date.now() + 30 * 60_000;
  // Until every upload is through, a question in another channel every PROBE_MS: their acks show whether any
  // stage of an upload (reading, indexing, storing) holds the acknowledgement back.
  const probes: { channel: string; ack: number; at: number }[] = [];
  let lastProbe = performance.now();
  while (Array.from({ length: COUNT }, (_, i) => `CUP${i + 1}`).some((c) => !done(c)) && Date.now() < deadline) {
    if (performance.now() - lastProbe >= PROBE_MS) {
      lastProbe = performance.now();
      const channel = `CP${probes.length + 1}`;
      const at = (performance.now() - started) / 1000;
      probes.push({ channel, at, ack: await sendMention({ channel, text: QUESTIONS[probes.length % QUESTIONS.length], fresh: true }) });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await until(() => probes.filter((p) => byChannel.get(p.channel)?.length).length, probes.length, 120_000).catch(() => undefined);
  const acks = probes.map((p) => p.ack).sort((a, b) => a - b);
  const slowest = probes.find((p) => p.ack === acks[acks.length - 1]);
  if (acks.length)
    console.log(
      `  ${acks.length} more questions, one every ${PROBE_MS / 1000} s while the uploads ran: ack p50 ${percentile(acks, 50).toFixed(1)} ms, max ${acks[acks.length - 1].toFixed(1)} ms at ${slowest?.at.toFixed(0)} s (target < 1000 ms) ${acks[acks.length - 1] < 1000 ? '✓' : '✗'}; ` +
        `${probes.filter((p) => byChannel.get(p.channel)?.length).length} answered`,
    );
  for (let i = 1; i <= COUNT; i++) {
    const last = (byChannel.get(`CUP${i}`) ?? []).at(-1);
    console.log(
      `  upload ${i}: ${last ? `${((last.at - started) / 1000).toFixed(1)} s: ${last.text.slice(0, 110).replace(/\s+/g, ' ')}` : 'no reply'}`,
    );
  }
  console.log(
    `  peak RSS of the server during the uploads: ${(rssPeak / 1048576).toFixed(0)} MB (target < 1024 MB) ${rssPeak < 1024 * 1048576 ? '✓' : '✗'}`,
  );
}

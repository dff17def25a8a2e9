import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installFakeWebApi } from '../adapters/slack/dev/fake-web-api.js';
import { startSlackServer } from '../adapters/slack/dev/harness.js';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { piecesOf, startStandInModel } from '../src/llm/dev/stand-in-model.js';

// `npm run bench:stream`: how soon a member sees a streamed answer in Slack. The real server (in
// this process) answers @mentions; a local stand-in model streams a fixed answer at a fixed pace
// (BENCH_PIECE_MS per piece of three words, default 100); the Slack Web API stand-in notes when
// chat.startStream (first visible text) and chat.stopStream (final message) arrive.
// Prints, per question and as medians: question → first text, model's first token → first text,
// question → final message. BENCH_N questions (default 6), one after the other.

const N = Number(process.env.BENCH_N ?? 6);
const PIECE_MS = Number(process.env.BENCH_PIECE_MS ?? 100);
const SECRET = 'bench-stream-secret';
const QUESTIONS = [
  'wat is omklappen van een huurcontract?',
  'wie heeft de casusregie bij een huurzorgcontract?',
  'wat is een uniform huurzorgcontract?',
];
const ANSWER =
  'Bij omklappen gaat het huurcontract van de zorgaanbieder over naar de jongere zelf, zodra de begeleiding ' +
  'is afgerond en de jongere zelfstandig kan wonen [1]. De woningcorporatie sluit dan een regulier huurcontract ' +
  'af [2]. Gemeente, corporatie en zorgaanbieder spreken vooraf af wanneer dat gebeurt [1][3].';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ms = (x: number) => `${Math.round(x)} ms`;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'werktafel-bench-stream-'));
  const pieces = piecesOf(ANSWER, 3);
  const model = await startStandInModel(() => ({ pieces, intervalMs: PIECE_MS }));
  const api = installFakeWebApi({ base: 'https://slack.bench', tsBase: 1_800_000_000, displayName: () => 'Bench' });
  Object.assign(process.env, {
    PORT: '0',
    HOST: '127.0.0.1',
    WERKTAFEL_DATA_DIR: dataDir,
    WERKTAFEL_PLAYGROUND: '0',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: api.apiUrl,
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: 'bench',
    OPENAI_MODEL: 'stand-in',
    DATABASE_URL: '',
  });
  const server = await startSlackServer(process.env);
  console.log(`\nbench:stream — ${N} questions, stand-in model: ${pieces.length} pieces, one per ${PIECE_MS} ms\n`);
  const rows: { first: number; afterToken: number; final: number }[] = [];
  try {
    for (let i = 0; i < N; i++) {
      api.reset();
      const channel = `CB${i}`;
      const ts = api.newTs();
      const body = JSON.stringify({
        token: 'x',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: `EvBench${Date.now()}${i}`,
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_mention', user: 'U1', text: `<@UBOT> ${QUESTIONS[i % QUESTIONS.length]}`, ts, channel, event_ts: ts },
      });
      const asked = performance.now();
      const tokensBefore = model.firstPieceAt.length;
      const r = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
      if (r.status !== 200) throw new Error(`event answered ${r.status}`);
      await server.slack.idle(60_000);
      const start = api.of('chat.startStream', channel)[0];
      const stop = api.of('chat.stopStream', channel)[0];
      const token = model.firstPieceAt[tokensBefore];
      if (!start || !stop || token === undefined)
        throw new Error(`question ${i + 1} was not streamed (${api.calls.map((c) => c.method).join(', ')})`);
      const row = { first: start.at - asked, afterToken: start.at - token, final: stop.at - asked };
      rows.push(row);
      console.log(`  ${i + 1}. first text ${ms(row.first)} (model's first token + ${ms(row.afterToken)}), final message ${ms(row.final)}`);
    }
  } finally {
    await server.close();
    await model.close();
    api.uninstall();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const first = median(rows.map((r) => r.first));
  const afterToken = Math.max(...rows.map((r) => r.afterToken));
  console.log(`\nmedian: question → first text ${ms(first)}, question → final ${ms(median(rows.map((r) => r.final)))}`);
  console.log(`worst: model's first token → first text ${ms(afterToken)} (bar: ≤ 1500 ms) ${afterToken <= 1500 ? 'OK' : 'TOO SLOW'}`);
  if (afterToken > 1500) process.exitCode = 1;
}

await main();

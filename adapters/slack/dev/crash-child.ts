import { startServer } from '../../server.js';
import { installFakeWebApi } from './fake-web-api.js';

// The server in a child process with the Web API stand-in, for the crash test: it prints one JSON line
// when it listens and one per Web API call, so the parent sees what was posted before a SIGKILL.

const api = installFakeWebApi({
  base: 'https://slack.test',
  tsBase: Number(process.env.FAKE_TS_BASE ?? 1_800_000_000),
  displayName: (u) => u,
  chatLatencyMs: Number(process.env.FAKE_CHAT_LATENCY_MS ?? 0),
  onCall: (c) => process.stdout.write(`${JSON.stringify({ call: c.method, channel: c.args.channel, thread: c.args.thread_ts ?? null })}\n`),
});
const server = await startServer({ ...process.env, SLACK_API_URL: api.apiUrl });
process.stdout.write(`${JSON.stringify({ listening: server.url })}\n`);

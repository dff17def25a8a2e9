import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { eventEnvelope, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';

// The acknowledgement does not wait for the Web API: with auth.test failing, an event is still
// acknowledged before it is answered, recorded, and answered once Slack answers auth.test again (issue 10.4).

const SECRET = 'ack-test-secret';
const FAIL: [number, object] = [200, { ok: false, error: 'invalid_auth' }];
let slack: SlackFixture;

beforeAll(async () => {
  slack = await startSlackFixture({
    base: 'https://slack.test',
    tsBase: 1_750_000_000,
    displayName: (u) => u,
    secret: SECRET,
    queued: { 'auth.test': [FAIL, FAIL] },
  });
}, 120_000);

afterAll(async () => {
  await slack?.close();
});

it('acknowledges at once while auth.test fails, and answers when it works again', async () => {
  const ts = slack.api.newTs();
  const body = JSON.stringify(
    eventEnvelope({ type: 'app_mention', user: 'U1', channel: 'C1', ts, text: '<@UBOT> wat is omklappen van een huurcontract?' }),
  );
  const r = await slack.post(body, signedHeaders(SECRET, body));
  expect(r.status).toBe(200);
  const inThread = () => slack.api.of('chat.postMessage', 'C1').filter((c) => c.args.thread_ts === ts);
  // Acknowledged first: nothing is posted yet while auth.test still fails.
  expect(inThread()).toHaveLength(0);
  await vi.waitUntil(() => inThread().length > 0, { timeout: 50_000, interval: 100 });
  const answers = slack.api.of('chat.postMessage', 'C1').filter((c) => c.args.thread_ts === ts);
  expect(answers).toHaveLength(1);
  expect(JSON.stringify(answers[0].args.blocks)).toMatch(/Bronnen/);
  expect(slack.api.of('auth.test').filter((c) => c.result.error === 'invalid_auth').length).toBeGreaterThanOrEqual(1);
}, 60_000);

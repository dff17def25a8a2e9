import { expect } from 'vitest';
import { startSlackServer, type SlackServer } from '../../adapters/slack/dev/harness.js';
import { signedHeaders } from '../../adapters/slack/dev/signing.js';
import { installFakeWebApi, type FakeWebApi, type FakeWebApiOptions } from '../../adapters/slack/dev/fake-web-api.js';
import { freshStore, type Store } from './db.js';
import { isolateEnv } from './env.js';

// The Slack adapter on the real server, on a fresh embedded store with an isolated environment, and
// the nock stand-in for the Slack Web API it talks to.

export interface SlackFixture {
  server: SlackServer;
  store: Store;
  api: FakeWebApi;
  /** POST /slack/events with these headers, timed. */
  post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }>;
  /** Delivers `event` signed with the fixture's secret; resolves once the bot finished all it started. */
  deliver(event: Record<string, unknown>): Promise<void>;
  /** `user` addresses the bot in `channel` (an app_mention), with files shared in the message if given. */
  mention(user: string, channel: string, text: string, files?: Record<string, unknown>[]): Promise<void>;
  /** The text and blocks of everything posted in `channel` since the last `api.reset()`, one string. */
  shown(channel: string): string;
  close(): Promise<void>;
}

export async function startSlackFixture(
  opts: FakeWebApiOptions & { secret: string; env?: Record<string, string>; kind?: 'pglite' | 'postgres' },
): Promise<SlackFixture> {
  const store = await freshStore(opts.kind ?? 'pglite', { ingested: true });
  const api = installFakeWebApi(opts);
  const restoreEnv = isolateEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    WERKTAFEL_DATA_DIR: store.dataDir,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: opts.secret,
    SLACK_API_URL: api.apiUrl,
    ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
    ...opts.env,
  });
  let server: SlackServer | undefined;
  const close = async () => {
    await server?.close();
    await store.drop();
    api.uninstall();
    restoreEnv();
  };
  try {
    server = await startSlackServer(process.env);
  } catch (err) {
    await close();
    throw err;
  }
  const url = `${server.url}/slack/events`;
  const running = server;
  const post = async (body: string, headers: Record<string, string>) => {
    const r = await fetch(url, { method: 'POST', headers, body });
    return { status: r.status, text: await r.text() };
  };
  const deliver = async (event: Record<string, unknown>) => {
    const body = JSON.stringify(eventEnvelope(event));
    expect((await post(body, signedHeaders(opts.secret, body))).status).toBe(200);
    expect(await running.slack.idle(), 'the bot had not finished the delivery after 60 s').toBe(true);
  };
  return {
    server,
    store,
    api,
    post,
    deliver,
    mention: (user, channel, text, files) =>
      deliver({ type: 'app_mention', user, text: `<@UBOT> ${text}`, ts: api.newTs(), channel, ...(files ? { files } : {}) }),
    shown: (channel) =>
      api
        .of('chat.postMessage', channel)
        .map((c) => `${c.args.text ?? ''}\n${JSON.stringify(c.args.blocks ?? [])}`)
        .join('\n'),
    close,
  };
}

let eventSeq = 0;
/** An Events API delivery of `event` in team T1 to the bot UBOT. */
export function eventEnvelope(event: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${Date.now()}${++eventSeq}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event: { event_ts: event.ts, ...event },
    ...extra,
  };
}

let triggerSeq = 0;
/** The form body of `/werktafel <text>` typed by `user` in `channel`; each gets its own trigger id unless given. */
export function slashForm(o: {
  user: string;
  channel: string;
  text: string;
  teamDomain: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: o.teamDomain,
    channel_id: o.channel,
    channel_name: 'werkgroep',
    user_id: o.user,
    user_name: o.user.toLowerCase(),
    command: '/werktafel',
    text: o.text,
    api_app_id: 'A1',
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? `${Date.now()}.${++triggerSeq}`,
  }).toString();
}

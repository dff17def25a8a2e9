import { strFromU8, unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { pendingErasure } from '../src/privacy/schedule.js';
import { eventEnvelope, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';

// `gegevens` and the erasure Slack asks for, through the real server: signed Events API requests,
// the local Web API stand-in receiving the messages and the uploaded zip.

const SECRET = 'privacy-signing-secret';
let slack: SlackFixture;

beforeAll(async () => {
  slack = await startSlackFixture({ base: 'https://slack.test', tsBase: 1_710_000_000, displayName: (u) => `Naam ${u}`, secret: SECRET });
});
afterEach(() => slack.api.reset());
afterAll(async () => {
  await slack?.close();
});

const db = () => slack.server.slack.bot.services.db;

async function deliver(event: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const body = JSON.stringify(eventEnvelope(event, extra));
  const r = await slack.post(body, signedHeaders(SECRET, body));
  expect(r.status).toBe(200);
  await slack.server.slack.idle();
}

const mention = (user: string, channel: string, text: string) =>
  deliver({ type: 'app_mention', user, text: `<@UBOT> ${text}`, ts: slack.api.newTs(), channel });

const shown = (channel: string) =>
  slack.api
    .of('chat.postMessage', channel)
    .concat(slack.api.of('chat.postEphemeral', channel))
    .map((c) => `${c.args.text ?? ''}\n${JSON.stringify(c.args.blocks ?? [])}`)
    .join('\n');

describe('gegevens in Slack', () => {
  it('sends the project leader what is stored, with the archive uploaded as a zip', async () => {
    await mention('U1', 'C1', 'organisatie Gemeente Utrecht gemeente');
    await mention('U2', 'C1', 'organisatie Woonstichting Vesteda corporatie');
    await mention('U2', 'C1', 'begrip doorstroom = Verhuizen naar een zelfstandige woning');
    slack.api.reset();

    await mention('U1', 'C1', 'gegevens');
    expect(shown('C1')).toContain('Opgeslagen voor deze werkgroep');
    expect(shown('C1')).toContain('leden: 2, begrippen: 1');
    expect(shown('C1')).toContain('365 dagen');
    const [getUrl] = slack.api.of('files.getUploadURLExternal');
    expect(getUrl.args.filename).toMatch(/^werktafel-gegevens-slack-C1-\d{4}-\d{2}-\d{2}\.zip$/);
    const [complete] = slack.api.of('files.completeUploadExternal');
    expect(complete.args.channel_id).toBe('C1');
    const bytes = slack.api.uploadBytes.get(getUrl.result.file_id)!;
    expect(bytes.length).toBe(Number(getUrl.args.length));
    const files = unzipSync(new Uint8Array(bytes));
    expect(strFromU8(files['leden.csv'])).toContain('Woonstichting Vesteda');
    expect(strFromU8(files['begrippen.md'])).toContain('Verhuizen naar een zelfstandige woning');
    expect(JSON.parse(strFromU8(files['data/groups.json']))[0].id).toBe('slack:T1:C1');
  });

  it('politely refers another member to the project leader, and uploads nothing', async () => {
    await mention('U2', 'C1', 'gegevens');
    expect(shown('C1')).toContain('Alleen een projectleider');
    expect(shown('C1')).toContain('Naam U1');
    expect(slack.api.of('files.getUploadURLExternal')).toHaveLength(0);
  });
});

describe('erasure Slack asks for', () => {
  it('channel_deleted schedules the erasure of that channel only, after the grace period', async () => {
    await mention('U1', 'C2', 'organisatie Gemeente Zeist gemeente');
    await deliver({ type: 'channel_deleted', channel: 'C2' });
    const pending = (await pendingErasure(db(), 'slack:T1:C2'))!;
    expect(pending.reason).toBe('slack:channel_deleted');
    expect(Math.round((pending.dueAt.getTime() - Date.now()) / 86_400_000)).toBe(30);
    expect(await pendingErasure(db(), 'slack:T1:C1')).toBeNull();
  });

  it('app_uninstalled schedules the erasure of every group of the workspace, and not of another workspace', async () => {
    await deliver(
      { type: 'app_mention', user: 'U9', text: '<@UBOT> organisatie Elders', ts: slack.api.newTs(), channel: 'C9' },
      { team_id: 'T9', authorizations: [{ team_id: 'T9', user_id: 'UBOT', is_bot: true }] },
    );
    const t9 = (await db().query<{ id: string }>(`SELECT id FROM groups WHERE workspace = 'T9'`)).rows;
    expect(t9.length).toBe(1);
    await deliver({ type: 'app_uninstalled' });
    expect((await pendingErasure(db(), 'slack:T1:C1'))?.reason).toBe('slack:app_uninstalled');
    // Scheduled earlier for its channel: the first due date stays.
    expect((await pendingErasure(db(), 'slack:T1:C2'))?.reason).toBe('slack:channel_deleted');
    expect(await pendingErasure(db(), t9[0].id)).toBeNull();
  });

  it('a group that uses the bot again is no longer due for erasure', async () => {
    expect(await pendingErasure(db(), 'slack:T1:C1')).not.toBeNull();
    await mention('U1', 'C1', 'organisatie Gemeente Utrecht gemeente');
    expect(await pendingErasure(db(), 'slack:T1:C1')).toBeNull();
    expect(await pendingErasure(db(), 'slack:T1:C2')).not.toBeNull();
  });
});

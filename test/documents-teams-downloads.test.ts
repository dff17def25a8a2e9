import http from 'node:http';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAttachment, groupChatMention } from '../adapters/teams/dev/activities.js';
import { downloadTeamsFile } from '../adapters/teams/files.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// Teams download links: only SharePoint/OneDrive/Teams file hosts, on every redirect, never plain http;
// loopback only in the local trial (no app id). Through the real server in the local trial, and for a
// registered bot (MICROSOFT_APP_ID set) through the adapter's download with the trial off.

const FILE = '# Wijkplan\n\nIn de wijk komen twaalf studio’s voor jongeren met begeleiding.\n';

/** A local server whose every path answers with a redirect to `target()`. */
function redirector(target: () => string) {
  const server = http.createServer((_req, res) => res.writeHead(302, { location: target() }).end());
  return {
    url: (path: string) => `http://127.0.0.1:${(server.address() as { port: number }).port}${path}`,
    start: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Teams downloads in the local trial, through the server', () => {
  let fixture: TeamsFixture;
  let target = '';
  const hop = redirector(() => target);
  beforeAll(async () => {
    await hop.start();
    fixture = await startTeamsFixture('werktafel-teams-downloads-');
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
    await hop.stop();
  });
  const documents = async () =>
    (await fixture.teams.bot.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents WHERE group_id IS NOT NULL'))
      .rows[0].n;
  const text = (calls: { body: Record<string, unknown> }[]) => JSON.stringify(calls.map((c) => c.body));

  it.each([
    ['to a host that is not a Teams file host', 'https://elders.example/wijkplan.md'],
    ['from loopback to plain http on SharePoint', 'http://contoso.sharepoint.com/wijkplan.md'],
  ])('refuses a redirect %s: nothing fetched there, nothing stored', async (_label, location) => {
    target = location;
    const elsewhere = nock(new URL(location).origin).get(/.*/).reply(200, FILE);
    const reply = text(
      await fixture.exchange({
        ...groupChatMention(fixture.connector.url, 'document toevoegen'),
        attachments: [fileAttachment('wijkplan.md', hop.url('/wijkplan.md'))],
      }),
    );
    expect(reply).toContain('niet ophalen');
    expect(elsewhere.isDone()).toBe(false);
    expect(await documents()).toBe(0);
    nock.abortPendingRequests();
  });

  it('follows a redirect to another file on loopback in the trial, and reads it', async () => {
    target = fixture.connector.serveFile('wijkplan.md', Buffer.from(FILE));
    const reply = text(
      await fixture.exchange({
        ...groupChatMention(fixture.connector.url, 'document toevoegen'),
        attachments: [fileAttachment('wijkplan.md', hop.url('/wijkplan.md'))],
      }),
    );
    expect(reply).toContain('Wijkplan** is toegevoegd');
  });
});

describe('Teams downloads for a registered bot (trial off)', () => {
  const registered = { localTrial: false };
  const local = http.createServer((_req, res) => res.end(FILE));
  beforeAll(() => new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => local.close(() => resolve())));
  const localUrl = () => `http://127.0.0.1:${(local.address() as { port: number }).port}/wijkplan.md`;

  it('reads a file from SharePoint, also after a redirect to OneDrive', async () => {
    nock('https://contoso.sharepoint.com')
      .get('/personal/a/wijkplan.md')
      .reply(302, '', { location: 'https://contoso-my.files.1drv.com/x/wijkplan.md' });
    nock('https://contoso-my.files.1drv.com').get('/x/wijkplan.md').reply(200, FILE);
    const bytes = await downloadTeamsFile(
      { name: 'wijkplan.md', ref: 'https://contoso.sharepoint.com/personal/a/wijkplan.md' },
      registered,
    );
    expect(Buffer.from(bytes).toString()).toBe(FILE);
  });

  it.each([
    ['a loopback address', () => localUrl()],
    ['a host that is not a Teams file host', () => 'https://files.example.org/wijkplan.md'],
  ])('refuses a downloadUrl at %s', async (_label, ref) => {
    await expect(downloadTeamsFile({ name: 'wijkplan.md', ref: ref() }, registered)).rejects.toThrow(/refused/);
  });

  it.each([
    ['to loopback', () => localUrl()],
    ['from https to http', () => 'http://contoso.sharepoint.com/wijkplan.md'],
    ['to another host', () => 'https://files.example.org/wijkplan.md'],
    ['to a private address', () => 'https://192.168.1.20/wijkplan.md'],
  ])('refuses a SharePoint redirect %s without fetching it', async (_label, location) => {
    nock('https://contoso.sharepoint.com').get('/r/wijkplan.md').reply(307, '', { location: location() });
    const elsewhere = new URL(location()).hostname === '127.0.0.1' ? null : nock(new URL(location()).origin).get(/.*/).reply(200, FILE);
    await expect(
      downloadTeamsFile({ name: 'wijkplan.md', ref: 'https://contoso.sharepoint.com/r/wijkplan.md' }, registered),
    ).rejects.toThrow(/refused \(redirect 1\)/);
    expect(elsewhere?.isDone() ?? false).toBe(false);
    nock.cleanAll();
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../src/core/bot.js';
import { route, type Feature, type Services } from '../src/core/feature.js';
import { membership } from '../src/groups/membership.js';
import { loadConfig } from '../src/config.js';
import type { Reply } from '../src/core/types.js';
import { createTeamsAdapter, type TeamsMounted } from '../adapters/teams/index.js';
import { startFakeConnector, type ConnectorCall, type FakeConnector } from '../adapters/teams/dev/connector.js';
import { cardSubmit, channelMention, personalMessage, TEAMS_CHANNEL, TENANT } from '../adapters/teams/dev/activities.js';
import { freshDb, type TestDb } from './helpers/db.js';

// Delivery paths the Q&A feature does not exercise: a step-like card posted at top level
// (new reply chain), then updated in place from another chain; card inputs; a Markdown file.
// A small test feature stands in for the steps feature; the Teams route runs on its own server.

let testDb: TestDb;
let teams: TeamsMounted;
let connector: FakeConnector;
let server: http.Server;
let url = '';
/** The same bot as the local trial with the Agents Playground (its client takes no files); the Playground itself is not started. */
const playground: { db?: TestDb; teams?: TeamsMounted; server?: http.Server; url: string } = { url: '' };
let progress = 0;

const card = (): Reply => ({
  text: `**Stap 1** — ${progress}/2 beantwoord`,
  language: 'nl',
  checklist: {
    title: 'Inventariseren',
    progress: `${progress} van 2 vragen beantwoord`,
    contributors: [],
    themes: [
      {
        id: 't',
        title: 'Wonen',
        items: [
          { code: 'A1', question: 'Hoeveel woningen?', answers: [] },
          { code: 'A2', question: 'Welke partners?', answers: [] },
        ],
      },
    ],
  },
  buttons: [{ label: 'Antwoord A1', action: 'test.answer', value: 'run1:A1:nl' }],
  input: { id: 'answer', placeholder: 'Typ hier je antwoord' },
  cardKey: 'run1',
  placement: 'channel',
});

const testFeature: Feature = {
  name: 'test',
  commands: [
    // Command words come from the grammar data: this bot offers `start` and `export` of its own.
    { name: 'start', helpKey: 'x', run: async () => [{ text: 'Ik start de stap.', language: 'nl' }, card()] },
    {
      name: 'export',
      helpKey: 'x',
      run: async () => [
        { text: 'Het rapport:', language: 'nl', file: { name: 'rapport.md', mime: 'text/markdown', content: '# Rapport\n\n- punt' } },
      ],
    },
  ],
  handlers: [
    route.action('test.*', async (ctx) => {
      expect(ctx.action.inputs?.answer).toBe('Tweehonderd');
      progress = 1;
      return [{ ...card(), placement: 'thread' }];
    }),
  ],
};

async function serve(db: TestDb, env: NodeJS.ProcessEnv): Promise<{ teams: TeamsMounted; server: http.Server; url: string }> {
  const services = { db: db.db, config: loadConfig({}), features: [testFeature] } as unknown as Services;
  const bot = new Bot({ services, features: [testFeature], membership: membership(db.db) });
  const mounted = await createTeamsAdapter(bot, env);
  const [endpoint] = mounted.routes;
  const srv = http.createServer((req, res) => void endpoint.handler(req, res));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return { teams: mounted, server: srv, url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}` };
}

async function unserve(mounted?: TeamsMounted, srv?: http.Server): Promise<void> {
  await mounted?.stop?.();
  srv?.closeAllConnections();
  await new Promise((r) => (srv ? srv.close(r) : r(undefined)));
}

beforeAll(async () => {
  testDb = await freshDb('pglite');
  ({ teams, server, url } = await serve(testDb, { HOST: '127.0.0.1', WERKTAFEL_PLAYGROUND: '0' }));
  connector = await startFakeConnector();
  playground.db = await freshDb('pglite');
  Object.assign(playground, await serve(playground.db, { HOST: '127.0.0.1' }));
});

afterAll(async () => {
  await unserve(teams, server);
  await unserve(playground.teams, playground.server);
  await connector?.close();
  await testDb?.cleanup();
  await playground.db?.cleanup();
});

async function exchange(
  activity: Record<string, unknown>,
  at: { url: string; teams?: TeamsMounted } = { url, teams },
): Promise<ConnectorCall[]> {
  const before = connector.messages().length;
  const res = await fetch(`${at.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  expect(res.status).toBe(200);
  await (at.teams ?? teams).idle();
  return connector.messages().slice(before);
}

describe('Teams delivery', () => {
  let cardActivityId = '';
  let newRoot = '';

  it('posts a placement:"channel" card as a new top-level post and follows that chain', async () => {
    const calls = await exchange(channelMention(connector.url, 'start'));
    expect(calls).toHaveLength(2);
    // The plain reply goes into the asker's chain, the card opens its own (POST /v3/conversations).
    expect(calls[0].path).toMatch(/^\/v3\/conversations\/19:werkgroep-wonen@thread\.tacv2;messageid=\d+\/activities\/\d+$/);
    expect(calls[1].method).toBe('POST');
    expect(calls[1].path).toBe('/v3/conversations');
    expect(calls[1].body).toMatchObject({ isGroup: true, channelData: { channel: { id: TEAMS_CHANNEL } }, tenantId: TENANT });
    const activity = calls[1].body.activity as Record<string, any>;
    const content = activity.attachments[0].content;
    expect(content.type).toBe('AdaptiveCard');
    expect(JSON.stringify(content)).toContain('Hoeveel woningen?');
    // The step card asks for free text next to its buttons.
    expect(content.body.some((e: any) => e.type === 'Input.Text' && e.id === 'answer')).toBe(true);
    newRoot = calls[1].assignedId!;
    cardActivityId = newRoot;
    const { rows } = await teams.bot.services.db.query<{ platform_ref: { conversationId: string; activityId: string } }>(
      'SELECT platform_ref FROM posted_cards WHERE card_key = $1',
      ['run1'],
    );
    expect(rows[0].platform_ref).toEqual({ conversationId: `${TEAMS_CHANNEL};messageid=${newRoot}`, activityId: newRoot });
    expect(await teams.bot.isBotThread({ platform: 'teams', workspace: TENANT, channel: TEAMS_CHANNEL, thread: newRoot })).toBe(true);
  });

  it('routes a card submit with its text input to handleAction and updates the card in place (PUT)', async () => {
    const calls = await exchange(
      cardSubmit(connector.url, { id: `${TEAMS_CHANNEL};messageid=${newRoot}`, conversationType: 'channel' }, cardActivityId, {
        action: 'test.answer',
        value: 'run1:A1:nl',
        answer: 'Tweehonderd',
      }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe('PUT');
    expect(calls[0].path).toBe(`/v3/conversations/${TEAMS_CHANNEL};messageid=${newRoot}/activities/${cardActivityId}`);
    expect(JSON.stringify(calls[0].body)).toContain('1 van 2 vragen beantwoord');
  });

  it('offers a file in personal chat with a consent card; a channel shows it as a card', async () => {
    const [personal] = await exchange(personalMessage(connector.url, 'export'));
    const atts = personal.body.attachments as any[];
    expect(personal.body.text).toBe('Het rapport:');
    expect(atts.map((a) => a.contentType)).toEqual(['application/vnd.microsoft.teams.card.file.consent']);
    expect(atts[0].name).toBe('rapport.md');
    expect(atts[0].content.sizeInBytes).toBe(Buffer.byteLength('# Rapport\n\n- punt'));
    expect(JSON.stringify(personal.body)).not.toContain('# Rapport');
    const [channel] = await exchange(channelMention(connector.url, 'export'));
    const content = JSON.stringify((channel.body.attachments as any[])[0].content);
    expect(content).toContain('rapport.md');
    expect(content).toContain('# Rapport');
  });

  it('in the local trial with the Agents Playground (its client takes no files) a personal chat shows the file as a card', async () => {
    const [personal] = await exchange(personalMessage(connector.url, 'export'), { url: playground.url, teams: playground.teams });
    const atts = personal.body.attachments as any[];
    expect(atts.map((a) => a.contentType)).toEqual(['application/vnd.microsoft.card.adaptive']);
    expect(JSON.stringify(atts[0].content)).toContain('# Rapport');
    expect(JSON.stringify(personal.body)).not.toContain('data:text/markdown');
  });
});

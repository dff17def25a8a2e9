import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../adapters/server.js';
import type { TeamsMounted } from '../adapters/teams/index.js';
import { tempDataDir } from './helpers/db.js';
import { isolateEnv } from './helpers/env.js';

// End to end: the server starts the Microsoft 365 Agents Playground itself (the local trial), and
// a question goes in through the playground's own API — the one its web UI calls — and the answer
// comes back on the playground's conversation stream, as the UI would show it.

const QUESTION = 'Wat houdt omklappen in bij een huurcontract?';

interface WsLike {
  on(event: 'message', fn: (data: Buffer) => void): void;
  on(event: 'open' | 'close', fn: () => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  close(): void;
}

let server: RunningServer | undefined;
let teams: TeamsMounted | undefined;
let dataDir: string;
let skipReason = '';
let restoreEnv: () => void;

beforeAll(async () => {
  dataDir = tempDataDir('werktafel-teams-e2e-');
  restoreEnv = isolateEnv({ WERKTAFEL_DATA_DIR: dataDir });
  server = await startServer({ HOST: '127.0.0.1', PORT: '0' });
  teams = server.adapters.find((a) => a.name === 'teams') as TeamsMounted;
  if (!teams.playground()) skipReason = 'the Agents Playground did not start (see the warning above)';
});

afterAll(async () => {
  await server?.close();
  restoreEnv?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('local trial with the Microsoft 365 Agents Playground', () => {
  it('binds the playground to 127.0.0.1 only', async (ctx) => {
    if (skipReason) {
      console.warn(`SKIPPED: ${skipReason}`);
      ctx.skip();
    }
    const pg = teams!.playground()!;
    expect(pg.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Not reachable on another local address (listening on 127.0.0.1, not 0.0.0.0).
    const other = await fetch(`http://127.0.0.2:${pg.port}/_debug/ping`).then(
      () => 'reachable',
      () => 'refused',
    );
    expect(other).toBe('refused');
  });

  it('answers a question posted in the playground, with a source citation, in the playground conversation', async (ctx) => {
    if (skipReason) {
      console.warn(`SKIPPED: ${skipReason}`);
      ctx.skip();
    }
    const base = teams!.playground()!.url;
    const { config } = (await (await fetch(`${base}/_internal/v1/config`)).json()) as {
      config: { personalChat: { id: string }; currentUser: { id: string } };
    };
    // `ws` comes with the playground's own dependencies; the UI uses this stream to show messages.
    const WebSocket = createRequire(import.meta.url)('ws') as new (url: string) => WsLike;
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
    const events: Record<string, any>[] = [];
    ws.on('message', (data) => events.push(JSON.parse(data.toString('utf8'))));
    await new Promise<void>((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    try {
      const res = await fetch(`${base}/_conversation/v1/conversations/${encodeURIComponent(config.personalChat.id)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: { id: config.currentUser.id }, text: QUESTION, textFormat: 'plain' }),
      });
      expect(res.status).toBe(200);
      const deadline = Date.now() + 45_000;
      const answer = () =>
        events.find((e) => e.action === 'createMessage' && e.message?.from?.id !== config.currentUser.id && e.message?.aiEntity);
      while (!answer() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const msg = answer()?.message;
      expect(msg, `no answer on the stream; events: ${JSON.stringify(events).slice(0, 2000)}`).toBeDefined();
      expect(msg.actionConversationId ?? answer()!.actionConversationId).toBe(config.personalChat.id);
      expect(msg.text).toMatch(/omgeklapt|Omklappen/);
      expect(msg.text).toMatch(/\[1\]/);
      const citation = msg.aiEntity.citation.find((c: any) => /woon-huurconstructies/i.test(c.appearance.name));
      expect(citation.position).toBeGreaterThan(0);
      expect(citation.appearance.name).toMatch(/Woon-huurconstructies 2015, /);
      expect(citation.appearance.abstract).toMatch(/omgeklapt|Omklappen|huur/i);
      // The playground rendered a typing indicator first.
      expect(events.some((e) => e.action === 'typing')).toBe(true);
    } finally {
      ws.close();
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelMention, personalMessage, type User } from '../adapters/teams/dev/activities.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// Issue 21: the demo script (eval/flow-demo.txt, see flow-demo.test.ts) run through the Teams server in a
// channel, as members would type it. Teams would show an HTML entity as text ("export stap &lt;nr&gt; csv"),
// so none may be in anything the bot sends; and member text still never becomes markup.

const people: Record<string, User> = {};
const user = (name: string): User =>
  (people[name] ??= {
    id: `29:${name}`,
    name,
    aadObjectId: `00000000-0000-0000-0000-${String(Object.keys(people).length + 1).padStart(12, '0')}`,
  });

let fixture: TeamsFixture;

beforeAll(async () => {
  fixture = await startTeamsFixture('werktafel-teams-demo-');
});

afterAll(async () => {
  await fixture?.close();
});

describe('eval/flow-demo.txt through Teams', () => {
  it('sends no HTML entities (&lt; &gt; &amp;) in any activity', async () => {
    const url = fixture.connector.url;
    let who = user('anna');
    let root: string | undefined;
    let cardRoot: string | undefined;
    const lines = fs
      .readFileSync(path.join(PROJECT_ROOT, 'eval', 'flow-demo.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    for (const line of lines) {
      if (line === ':stop') break;
      const als = /^:als (\S+)/.exec(line);
      if (als) who = user(als[1]);
      else if (line === ':draad kaart') root = cardRoot;
      else if (line === ':draad') root = undefined;
      else {
        const activity = channelMention(url, line, { from: who, ...(root ? { root } : {}) });
        await fixture.exchange(activity);
        // The step card goes into the chain of the post that started it.
        if (line === 'start inventariseren') cardRoot = String(activity.id);
      }
    }
    // Help texts with <placeholders>, and a member's own markup, in personal chat too.
    await fixture.exchange(personalMessage(url, 'help', user('anna')));
    // Teams delivers what a member types as HTML: a typed "<b>" arrives as "&lt;b&gt;".
    await fixture.exchange(personalMessage(url, 'organisatie &lt;b&gt;Vet&lt;/b&gt; &amp; Co gemeente', user('dirk')));
    const sent = fixture.connector.messages();
    const all = JSON.stringify(sent.map((c) => c.body));
    expect(sent.length).toBeGreaterThan(30);
    expect(all).not.toMatch(/&lt;|&gt;|&amp;/);
    // Placeholders show as typed, and a member's tag stays text: "<" cannot open a tag (a word joiner follows it).
    expect(all).toContain('<\u2060naam>');
    expect(all).not.toContain('<b>Vet</b>');
    expect(all).toContain('<\u2060b>Vet<\u2060/b> & Co');
  });
});

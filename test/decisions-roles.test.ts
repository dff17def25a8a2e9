import { describe, expect, it } from 'vitest';
import { testAppForSuite } from './helpers/app.js';
import { cliMsg } from './helpers/cli-message.js';
import { backends } from './helpers/db.js';

// Authorisation for every state change of a decision (issue 20.4): each decision command by a member,
// the decision's author and the project leader. Reading and recording are everyone's; a revision, a
// status and replacing (`besluit X vervangt 1` retires #1) belong to the author and the project leader.

type Role = 'member' | 'author' | 'leader';
const USER: Record<Role, string> = { member: 'mia', author: 'aart', leader: 'lea' };

interface Case {
  command: string;
  /** What decision #1 looks like afterwards when the command was allowed. */
  changed?: { status: string; text?: string };
  /** Decisions in the group afterwards when allowed (a replacement adds one). */
  count?: number;
}
const CASES: Case[] = [
  { command: 'besluit Een nieuw besluit van iemand', count: 2 },
  { command: 'besluit 1' },
  { command: 'besluiten' },
  { command: 'besluit 1 herzien' },
  {
    command: 'besluit 1 herzien: Een nieuwe tekst voor het besluit',
    changed: { status: 'herzien', text: 'Een nieuwe tekst voor het besluit' },
  },
  { command: 'besluit 1 herzien omdat de grond duurder is', changed: { status: 'herzien' } },
  { command: 'besluit 1 intrekken', changed: { status: 'ingetrokken' } },
  { command: 'besluit We bouwen niets vervangt 1', changed: { status: 'vervangen' }, count: 2 },
  { command: 'decision We build nothing replaces 1', changed: { status: 'vervangen' }, count: 2 },
];
const ROWS = CASES.flatMap((c) => (['member', 'author', 'leader'] as Role[]).map((role) => ({ ...c, role })));

describe.each(backends)('who may change a decision, on %s', (kind) => {
  const suite = testAppForSuite(kind);
  const say = (channel: string, user: string, text: string) => suite.app.bot.handle(cliMsg(channel, user, text));

  it.each(ROWS.map((r, i) => [r.role, r.command, r, i] as const))('%s: %s', async (role, command, row, i) => {
    const channel = `roles-${i}`;
    // The leader became one by starting a step; the author recorded #1; the member is just there.
    await say(channel, USER.leader, 'werktafel start stap 1');
    await say(channel, USER.author, 'besluit Het oorspronkelijke besluit');
    await say(channel, USER.member, 'organisatie Gemeente Zeist gemeente');
    const roles = await suite.app.db.query<{ user_id: string; role: string }>(
      'SELECT user_id, role FROM members WHERE group_id = $1 ORDER BY user_id',
      [`cli:w:${channel}`],
    );
    expect(roles.rows).toEqual([
      { user_id: 'aart', role: 'lid' },
      { user_id: 'lea', role: 'projectleider' },
      { user_id: 'mia', role: 'lid' },
    ]);

    const replies = await say(channel, USER[role], command);
    const text = replies.map((r) => r.text).join('\n');
    const refused = /Alleen wie besluit #1 heeft vastgelegd|Only whoever recorded decision #1/.test(text);
    const allowed = role !== 'member' || !row.changed;
    expect(refused, text).toBe(!allowed);

    const { rows } = await suite.app.db.query<{ number: number; status: string; text: string }>(
      'SELECT number, status, text FROM decisions WHERE group_id = $1 ORDER BY number',
      [`cli:w:${channel}`],
    );
    const first = rows[0];
    if (allowed && row.changed) {
      expect(first.status).toBe(row.changed.status);
      if (row.changed.text) expect(first.text).toBe(row.changed.text);
    } else expect(first).toEqual({ number: 1, status: 'genomen', text: 'Het oorspronkelijke besluit' });
    expect(rows).toHaveLength(allowed ? (row.count ?? 1) : 1);
  });
});

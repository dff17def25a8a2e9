import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../src/core/bot.js';
import { Delivery } from '../src/core/delivery.js';
import type { Feature, Services } from '../src/core/feature.js';
import { membership } from '../src/groups/membership.js';
import type { Port, Posted, Target } from '../src/core/port.js';
import type { Reply } from '../src/core/types.js';
import { loadConfig } from '../src/config.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';

// Card updates may arrive out of order (issue 10.5): two members answer at once, and the update that
// rendered the older state reaches the platform last. The card must still end on the latest state.

const GROUP = 'cli:w:c';
const to: Target = { groupId: GROUP, channel: 'c', userId: 'u', language: 'nl' };

/**
 * A platform that numbers the messages it posts (m1, m2, …) and shows their latest text; an update can be held back
 * (`holdNext`, released from `held`), to make it land out of order, or refused for one message (`refuse`).
 */
function fakePlatform() {
  const shown = new Map<string, string>();
  const held: (() => void)[] = [];
  const control = { holdNext: false, refuse: null as string | null };
  let next = 0;
  const port: Port = {
    platform: 'cli',
    async post(reply: Reply): Promise<Posted> {
      const id = `m${++next}`;
      shown.set(id, reply.text);
      return { ref: { id }, messageId: id, opened: id };
    },
    async update(ref: object, reply: Reply) {
      const { id } = ref as { id: string };
      if (id === control.refuse) throw new Error('the platform refused the update');
      if (control.holdNext) {
        control.holdNext = false;
        await new Promise<void>((release) => held.push(release));
      }
      shown.set(id, reply.text);
      return true;
    },
  };
  return { port, shown, held, control };
}

/** The core's delivery over a fresh store (one group) with this feature and platform port. */
async function deliveryOn(
  kind: (typeof backends)[number],
  feature: Feature,
  port: Port,
): Promise<{ t: TestDb; delivery: Delivery<Target> }> {
  const t = await freshDb(kind);
  await t.db.query(`INSERT INTO groups (id, platform, workspace, channel) VALUES ($1, 'cli', 'w', 'c')`, [GROUP]);
  const services = { db: t.db, config: loadConfig({}), features: [feature] } as unknown as Services;
  return { t, delivery: new Delivery(new Bot({ services, features: [feature], membership: membership(t.db) }), port) };
}

describe.each(backends)('card updates on %s', (kind) => {
  let t: TestDb;
  /** The state the feature stores; the card shows it. */
  let answers = 0;
  const card = (): Reply => ({ text: `${answers} beantwoord`, language: 'nl', cardKey: 'step:1' });
  const feature: Feature = { name: 'test', renderCard: async (_s, _g, key) => (key === 'step:1' ? card() : null) };

  const { port, shown, held, control } = fakePlatform();
  let delivery: Delivery<Target>;
  beforeAll(async () => {
    ({ t, delivery } = await deliveryOn(kind, feature, port));
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('shows the latest state when an older update lands after a newer one', async () => {
    await delivery.answer(to, async () => [card()]);
    expect(shown.get('m1')).toBe('0 beantwoord');

    // First answer: its update is held back on the way to the platform…
    answers = 1;
    control.holdNext = true;
    const first = delivery.answer(to, async () => [card()]);
    while (!held.length) await new Promise((r) => setTimeout(r, 5));
    // …while a second answer's update goes through.
    answers = 2;
    await delivery.answer(to, async () => [card()]);
    expect(shown.get('m1')).toBe('2 beantwoord');
    // The first update now lands, showing an older state; it notices and renders again.
    held.shift()!();
    await first;
    expect(shown.get('m1')).toBe('2 beantwoord');
  });

  it('renders the state at update time, not the state the reply was computed from', async () => {
    answers = 3;
    const stale = card();
    answers = 4;
    await delivery.answer(to, async () => [stale]);
    expect(shown.get('m1')).toBe('4 beantwoord');
  });
});

describe.each(backends)('a card asked for again on %s', (kind) => {
  // `stap 1` (Reply.repost): the card is posted anew where it is asked, later updates go there, and the old
  // message is updated once to a note pointing on — also when an update is under way while the card moves.
  let t: TestDb;
  let answers = 0;
  const card = (extra: Partial<Reply> = {}): Reply => ({ text: `${answers} beantwoord`, language: 'nl', cardKey: 'step:2', ...extra });
  const feature: Feature = {
    name: 'test',
    renderCard: async (_s, _g, key, lang) => (key === 'step:2' ? card({ language: lang }) : null),
  };
  const { port, shown, held, control } = fakePlatform();
  let delivery: Delivery<Target>;
  beforeAll(async () => {
    ({ t, delivery } = await deliveryOn(kind, feature, port));
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('posts a card not posted before as usual, then anew when asked again; the old message points on', async () => {
    await delivery.answer(to, async () => [card({ repost: true })]);
    expect([...shown]).toEqual([['m1', '0 beantwoord']]);
    answers = 1;
    await delivery.answer({ ...to, language: 'en' }, async () => [card({ repost: true, language: 'en' })]);
    expect(shown.get('m2')).toBe('1 beantwoord');
    expect(shown.get('m1')).toBe('This card has moved further down the conversation.');
    // An answer afterwards updates the new message only.
    answers = 2;
    await delivery.answer(to, async () => [card()]);
    expect(shown.get('m2')).toBe('2 beantwoord');
    expect(shown.get('m1')).toBe('This card has moved further down the conversation.');
  });

  it('moves the card when the old message refuses the note', async () => {
    control.refuse = 'm2';
    await delivery.answer(to, async () => [card({ repost: true })]);
    control.refuse = null;
    expect(shown.get('m3')).toBe('2 beantwoord');
    expect(shown.get('m2')).toBe('2 beantwoord');
    answers = 3;
    await delivery.answer(to, async () => [card()]);
    expect(shown.get('m3')).toBe('3 beantwoord');
    expect(shown.get('m2')).toBe('2 beantwoord');
    expect(shown.size).toBe(3);
  });

  it('an update under way while the card moves ends on the new message, and the old one keeps its note', async () => {
    answers = 4;
    control.holdNext = true;
    const answering = delivery.answer(to, async () => [card()]);
    while (!held.length) await new Promise((r) => setTimeout(r, 5));
    await delivery.answer(to, async () => [card({ repost: true })]);
    expect(shown.get('m4')).toBe('4 beantwoord');
    answers = 5;
    // The held update (of m3, rendered with 4 answers) lands late.
    held.shift()!();
    await answering;
    expect(shown.get('m4')).toBe('5 beantwoord');
    expect(shown.get('m3')).toBe('Deze kaart staat nu verderop in het gesprek.');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { route, type Feature } from '../src/core/feature.js';
import { commandOf, isGroupless } from '../src/core/grammar.js';
import { MessageRefs } from '../src/core/message-refs.js';
import { Routes } from '../src/core/routes.js';
import { allFeatures } from '../src/features.js';
import { migrate } from '../src/storage/migrate.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';

// Each input has one owner: features declare what they handle, and a second claim stops the start.

const noReply = async () => [];
const feature = (name: string, extra: Partial<Feature>): Feature => ({ name, ...extra });

describe('routing claims', () => {
  it('starts with the real features, in any order', () => {
    expect(() => new Routes(allFeatures())).not.toThrow();
    expect(() => new Routes([...allFeatures()].reverse())).not.toThrow();
  });

  it('rejects two features claiming the same command, naming both', () => {
    const a = feature('een', { commands: [{ name: 'begrip', helpKey: 'x', run: noReply }] });
    const b = feature('twee', { commands: [{ name: 'begrip', helpKey: 'x', run: noReply }] });
    expect(() => new Routes([a, b])).toThrow(/'een' and 'twee' both claim the command 'begrip'/);
  });

  it('rejects overlapping action selectors: a prefix and an id under it, or the same id', () => {
    const steps = feature('steps', { handlers: [route.action('step.*', noReply)] });
    const other = feature('other', { handlers: [route.action('step.answer', noReply)] });
    expect(() => new Routes([steps, other])).toThrow(/'steps' and 'other' both claim actions/);
    expect(() => new Routes([other, steps])).toThrow(/'other' and 'steps' both claim actions/);
    const same = feature('same', { handlers: [route.action('step.answer', noReply)] });
    expect(() => new Routes([other, same])).toThrow(/'other' and 'same'/);
    // The core's own "did you mean" button is claimed too.
    expect(() => new Routes([feature('x', { handlers: [route.action('command.*', noReply)] })], ['command.suggested'])).toThrow(
      /'core' and 'x'/,
    );
    // Neighbouring prefixes do not overlap.
    const docs = feature('documents', { handlers: [route.action('documents.*', noReply)] });
    const doc = feature('doc', { handlers: [route.action('document.*', noReply)] });
    expect(() => new Routes([docs, doc])).not.toThrow();
  });

  it('keeps one fallback and one handler per kind of input', () => {
    const qa = feature('qa', { handlers: [route.fallback(async () => null)] });
    const other = feature('other', { handlers: [route.fallback(async () => null)] });
    expect(() => new Routes([qa, other])).toThrow(/'qa' and 'other' both claim \{ fallback: true \}/);
    const follow = feature('steps', { handlers: [route.message(async () => null)] });
    const again = feature('more', { handlers: [route.message(async () => null)] });
    expect(() => new Routes([follow, again])).toThrow(/'steps' and 'more' both claim \{ message: true \}/);
  });

  it('takes command words from the grammar data only', () => {
    expect(() => new Routes([feature('x', { commands: [{ name: 'kaart', helpKey: 'x', run: noReply }] })])).toThrow(/'kaart' has no words/);
    const routes = new Routes(allFeatures());
    expect(routes.command('definitie')?.name).toBe('begrip');
    expect(routes.command('ASK')?.name).toBe('vraag');
    expect(commandOf('onbekend')).toBeNull();
    expect(isGroupless('werktafel help')).toBe(true);
    expect(isGroupless('begrip doorstroom')).toBe(false);
  });
});

describe.each(backends)('message references (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(kind);
    await t.db.query(
      `INSERT INTO groups (id, platform, workspace, channel) VALUES ('teams:t:c', 'teams', 't', 'c'), ('slack:T:D1', 'slack', 'T', 'D1')`,
    );
  });
  afterAll(async () => t?.cleanup());

  it('moves the card store’s answer and assistant entries to message_refs, and keeps cards', async () => {
    // The rows as an earlier version stored them, then migration 091 run again over them.
    await t.db.exec(`DROP TABLE message_refs; DELETE FROM schema_migrations WHERE version = '091_message_refs'`);
    await t.db.query(
      `INSERT INTO posted_cards (group_id, card_key, platform_ref) VALUES
       ('teams:t:c', 'answer-message:1700000000', '{"answerId": "a1", "language": "en"}'),
       ('slack:T:D1', 'slack-assistant:1700.1', '{"channel": "C1", "titled": true}'),
       ('teams:t:c', 'step:run1', '{"id": "card-1"}')`,
    );
    await migrate(t.db);
    const refs = new MessageRefs(t.db);
    expect(await refs.get('teams:t:c', 'answer', '1700000000')).toEqual({ answerId: 'a1', language: 'en' });
    expect(await refs.get('slack:T:D1', 'assistant-thread', '1700.1')).toEqual({ channel: 'C1', titled: true });
    const { rows } = await t.db.query<{ card_key: string }>('SELECT card_key FROM posted_cards ORDER BY card_key');
    expect(rows.map((r) => r.card_key)).toEqual(['step:run1']);
  });
});

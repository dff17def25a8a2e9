import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupIdOf } from '../src/groups/members.js';
import { migrate } from '../src/storage/migrate.js';
import { type TestApp, testApp, testAppForSuite } from './helpers/app.js';
import { cliMsg } from './helpers/cli-message.js';
import { backends } from './helpers/db.js';

// Issue 10, item 5: twin spellings proposed at the same moment make one term; twins already stored
// are merged by the migration. On the Postgres server two instances race; PGlite serialises.

const PAIRS: [string, string][] = [
  ['woonvorm', 'Woonvormen'],
  ['doorstroom', 'doorstroming'],
  ['zorgvraag', 'Zorgvragen'],
  ['huurcontract', 'huurcontracten'],
  ['begeleider', 'Begeleiders'],
  ['wooncorporatie', 'wooncorporaties'],
];

describe.each(backends)('glossary twins on %s', (kind) => {
  const suite = testAppForSuite(kind);
  let second: TestApp | undefined;
  beforeAll(async () => {
    // A second instance against the same server, as behind a load balancer.
    if (kind === 'postgres') second = await testApp(kind, { store: suite.app.store });
  }, 180_000);
  // afterAll hooks run last-registered first (vitest's 'stack'): the second instance closes before the store goes.
  afterAll(async () => {
    await second?.close();
  });

  const termCount = async (channel: string) =>
    (
      await suite.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM glossary_terms WHERE group_id = $1', [
        groupIdOf(cliMsg(channel, 'x', '')),
      ])
    ).rows[0].n;

  it('two spellings of one term proposed at the same moment make one term with both versions', async () => {
    const { app } = suite;
    for (const [i, [a, b]] of PAIRS.entries()) {
      const channel = `twins-${i}`;
      const replies = await Promise.all([
        app.bot.handle(cliMsg(channel, 'ann', `begrip ${a} = Eerste definitie van ${a}.`)),
        (second ?? app).bot.handle(cliMsg(channel, 'bob', `begrip ${b} = Tweede definitie van ${b}.`)),
      ]);
      for (const r of replies) expect(r[0].text).toMatch(/Genoteerd|versie/);
      expect(await termCount(channel), `${a} / ${b}`).toBe(1);
      const history = (await app.bot.handle(cliMsg(channel, 'ann', `begrip ${a} historie`)))[0].text;
      expect(history).toContain(`Eerste definitie van ${a}.`);
      expect(history).toContain(`Tweede definitie van ${b}.`);
    }
  });

  it('the migration merges twins stored before: one term keeps every version, in order', async () => {
    const { app } = suite;
    const db = app.db;
    const channel = 'old-twins';
    await app.bot.handle(cliMsg(channel, 'ann', 'begrip voogd = Een wettelijk vertegenwoordiger.'));
    // Back to the schema before the canonical key, and store a twin the old way.
    await db.exec(`ALTER TABLE glossary_terms DROP CONSTRAINT glossary_terms_canonical_key;
      ALTER TABLE glossary_terms DROP COLUMN canonical_key;
      ALTER TABLE glossary_terms ADD CONSTRAINT glossary_terms_group_id_term_key_key UNIQUE (group_id, term_key);
      DELETE FROM schema_migrations WHERE version = '022_glossary_canonical';`);
    const group = groupIdOf(cliMsg(channel, 'x', ''));
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO glossary_terms (group_id, term, term_key) VALUES ($1, 'Voogden', 'voogden') RETURNING id`,
      [group],
    );
    await db.query(
      `INSERT INTO glossary_versions (term_id, version, definition, author_id, created_at) VALUES ($1, 1, 'Later geschreven.', 'bob', now() + interval '1 minute')`,
      [rows[0].id],
    );
    await db.query(
      `INSERT INTO glossary_names (term_id, group_id, name, name_key, stem_key, is_synonym) VALUES ($1, $2, 'Voogden', 'voogden', 'voogd', false)`,
      [rows[0].id, group],
    );
    expect(await termCount(channel)).toBe(2);

    expect(await migrate(db)).toEqual(['022_glossary_canonical']);
    expect(await termCount(channel)).toBe(1);
    const history = (await app.bot.handle(cliMsg(channel, 'ann', 'begrip voogden historie')))[0].text;
    expect(history).toMatch(/\*v2\*.*Later geschreven[\s\S]*\*v1\*.*wettelijk vertegenwoordiger/);
    // And the key holds from now on.
    await app.bot.handle(cliMsg(channel, 'bob', 'begrip Voogd = Nog een versie.'));
    expect(await termCount(channel)).toBe(1);
  });
});

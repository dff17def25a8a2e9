import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformIO } from '../src/core/files.js';
import type { Reply, SharedFile } from '../src/core/types.js';
import { closeParsePool } from '../src/documents/parse-pool.js';
import { reindexGroup } from '../src/documents/store.js';
import { type TestApp, testApp } from './helpers/app.js';
import { isolateEnv } from './helpers/env.js';
import { cliMsg } from './helpers/cli-message.js';

// Files are read in a parse worker with a heap cap and a time limit: a file that needs more memory than the
// cap, or more time than the limit, is refused with the limit named; nothing is stored and the bot answers on.

/** Paragraphs, or (`lineBreak` '\n') one run of lines with no place to cut it into pieces. */
const markdown = (kb: number, lineBreak = '\n\n') => {
  const para = `In de wijk wonen jongeren met begeleiding in een eigen studio, dicht bij het wijkteam en de school.${lineBreak}`;
  return Buffer.from(`# Wijkplan\n\n${para.repeat(Math.ceil((kb * 1024) / para.length))}`);
};

describe('the parse worker', () => {
  let app: TestApp;
  let restore: () => void = () => undefined;
  const files = new Map<string, Uint8Array>();
  const io: PlatformIO = { download: async (f) => files.get(f.ref)!, post: async () => undefined };
  const share = (name: string, bytes: Uint8Array): SharedFile => {
    files.set(`ref:${name}`, bytes);
    return { name, size: bytes.byteLength, ref: `ref:${name}` };
  };
  const send = (text: string, file?: SharedFile): Promise<Reply[]> =>
    app.bot.handle(cliMsg('zwolle', 'anna', text, file ? { files: [file] } : {}), { io });
  const documents = async () =>
    (await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents WHERE group_id IS NOT NULL')).rows[0].n;

  beforeAll(async () => {
    app = await testApp('pglite');
  }, 120_000);
  afterEach(async () => {
    restore();
    await closeParsePool();
  });
  afterAll(async () => {
    await app?.cleanup();
  });

  it('refuses a file that needs more than the heap cap, naming it; the bot answers on', async () => {
    // 24 MB without a heading or blank line to cut it at is parsed at once: far more than 96 MB.
    restore = isolateEnv({ WERKTAFEL_PARSE_HEAP_MB: '96' });
    const [reply] = await send('document toevoegen', share('wijkplan.md', markdown(24 * 1024, '\n')));
    expect(reply.text).toContain('vraagt bij het lezen meer dan 96 MB werkgeheugen, de grens die ik aanhoud');
    expect(reply.text).toContain('Er is niets van opgeslagen');
    expect(await documents()).toBe(0);
    const [answer] = await send('wat is een huurzorgcontract?');
    expect(answer.text).toMatch(/huurzorgcontract/i);
  }, 300_000);

  it('stops reading a file after the time limit, naming it', async () => {
    restore = isolateEnv({ WERKTAFEL_PARSE_TIMEOUT_S: '0.001' });
    const [reply] = await send('document toevoegen', share('wijkplan.md', markdown(64)));
    expect(reply.text).toContain('duurde langer dan 0.001 seconden');
    expect(await documents()).toBe(0);
  }, 120_000);

  it('reads a file within the limits; the index built in the worker is the one built in-process', async () => {
    const [reply] = await send('document toevoegen', share('wijkplan.md', markdown(64)));
    expect(reply.text).toContain('**Wijkplan** is toegevoegd');
    const other = Buffer.from('# Woonzorgvoorzieningen\n\nDe gemeente opent twee woonzorgvoorzieningen voor dak- en thuisloze jongeren.\n');
    expect((await send('document toevoegen', share('voorzieningen.md', other)))[0].text).toContain('is toegevoegd');
    const { rows } = await app.db.query<{ group_id: string }>('SELECT DISTINCT group_id FROM documents WHERE group_id IS NOT NULL');
    const group = rows[0].group_id;
    const index = async () => ({
      postings: (await app.db.query('SELECT term, df, passage_ids, impacts FROM term_postings WHERE group_id = $1 ORDER BY term', [group]))
        .rows,
      words: (await app.db.query('SELECT word, term, df FROM group_vocabulary WHERE group_id = $1 ORDER BY word', [group])).rows,
    });
    const fromWorker = await index();
    expect(fromWorker.postings.length).toBeGreaterThan(10);
    await app.db.transaction((tx) => reindexGroup(tx, group));
    expect(await index()).toEqual(fromWorker);
  }, 120_000);
});

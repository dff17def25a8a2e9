import fs from 'node:fs';
import path from 'node:path';
import { RunnableLambda } from '@langchain/core/runnables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';
import { WerktafelRetriever } from '../src/langchain/retriever.js';
import { type TestApp, testApp } from './helpers/app.js';
import { makePdf } from './helpers/files.js';
import { QUESTION, WOONVISIE, WOONVISIE_TITLE } from './helpers/group-docs.js';
import { cliMsg } from './helpers/cli-message.js';

// The LangChain retriever on PGlite with the project's documents: what a chain receives is the
// passage and a citation that points at the right place in the document.

const HANDREIKING = 'vng-handreiking-woonzorg-jongeren-2022';

/** Lines first..last (1-based) of a document file in knowledge/documents. */
const linesOf = (file: string, [first, last]: [number, number]) =>
  fs
    .readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'documents', file), 'utf8')
    .split('\n')
    .slice(first - 1, last)
    .join('\n');

describe('WerktafelRetriever (LangChain)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await testApp('pglite');
  });
  afterAll(async () => {
    await app?.cleanup();
  });

  it('returns the passage that answers a Dutch question, cited by document, section, lines and page', async () => {
    const retriever = new WerktafelRetriever({ answerer: app.services.qa, k: 3 });
    const docs = await retriever.invoke('Hoeveel jongeren hebben in Nederland enige vorm van ondersteuning nodig?');
    expect(docs).toHaveLength(3);
    const [best] = docs;
    // Handreiking §1.1: "Naar schatting hebben in Nederland 375.000 jongeren enige vorm van ondersteuning nodig".
    expect(best.pageContent).toContain('375.000 jongeren');
    expect(best.metadata).toMatchObject({ n: 1, document: HANDREIKING, page: 12 });
    expect(best.metadata.section).toMatch(/^1 Inleiding > 1\.1 Een ontwikkelperspectief/);
    expect(best.metadata.title).toMatch(/^Handreiking Samenwerken aan woonzorgvoorzieningen/);
    expect(best.metadata.source).toBe(best.metadata.file);
    expect(linesOf(best.metadata.file, best.metadata.lines)).toContain('375.000 jongeren');
    expect(best.id).toBe(`${HANDREIKING}:${best.metadata.lines[0]}-${best.metadata.lines[1]}`);
    expect(docs.map((d) => d.metadata.n)).toEqual([1, 2, 3]);
    expect(docs[0].metadata.score).toBeGreaterThanOrEqual(docs[1].metadata.score);
  });

  it('answers an English question from the Dutch text and composes in a chain', async () => {
    const retriever = new WerktafelRetriever({ answerer: app.services.qa, k: 2 });
    const chain = retriever.pipe(
      RunnableLambda.from((docs: Awaited<ReturnType<typeof retriever.invoke>>) =>
        docs.map((d) => `[${d.metadata.n}] ${d.metadata.section}`),
      ),
    );
    const sources = await chain.invoke('What happens in step 3 of the handreiking?');
    expect(sources[0]).toMatch(/^\[1\] .*Stap 3/);
  });

  it('searches only the documents it is given', async () => {
    const other = 'ozj-zelfstandige-huisvesting-jongeren-jeugdzorg-2021';
    const retriever = new WerktafelRetriever({ answerer: app.services.qa, documents: [other] });
    const docs = await retriever.invoke('Hoeveel jongeren hebben in Nederland enige vorm van ondersteuning nodig?');
    expect(docs.length).toBeGreaterThan(0);
    expect(new Set(docs.map((d) => d.metadata.document))).toEqual(new Set([other]));
  });

  it("finds a working group's own document for that group only; without a group only the shared documents", async () => {
    const pdf = await makePdf(WOONVISIE_TITLE, WOONVISIE);
    const io = { download: async () => pdf, post: async () => {} };
    const [added] = await app.bot.handle(
      cliMsg('zwolle', 'anna', 'document toevoegen', { files: [{ name: 'woonvisie.pdf', size: pdf.byteLength, ref: 'woonvisie' }] }),
      { io },
    );
    expect(added.text).toContain(`**${WOONVISIE_TITLE}** is toegevoegd`);
    const shared = (await app.db.query<{ doc_id: string }>('SELECT doc_id FROM documents WHERE group_id IS NULL')).rows.map(
      (r) => r.doc_id,
    );

    const own = await new WerktafelRetriever({ answerer: app.services.qa, k: 3, group: 'cli:w:zwolle' }).invoke(QUESTION);
    expect(own[0].metadata.title).toBe(WOONVISIE_TITLE);
    expect(own[0].pageContent).toContain('veertig tussenvoorzieningen');
    expect(shared).not.toContain(own[0].metadata.document);

    for (const retriever of [
      new WerktafelRetriever({ answerer: app.services.qa, k: 10, group: 'cli:w:deventer' }),
      new WerktafelRetriever({ answerer: app.services.qa, k: 10 }),
    ]) {
      const docs = await retriever.invoke(QUESTION);
      expect(docs.length).toBeGreaterThan(0);
      expect(docs.every((d) => shared.includes(d.metadata.document))).toBe(true);
      expect(docs.some((d) => d.pageContent.includes('veertig'))).toBe(false);
    }
  });
});

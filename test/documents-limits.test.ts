import http from 'node:http';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/db.js';
import { makeDocxBomb, makeInflatingPdf } from './helpers/files.js';
import { startSlackFixture, type SlackFixture } from './helpers/slack-server.js';

// Hostile files and download addresses through the real Slack server: a Word file of valid XML just under
// the old 200 MB guard and a PDF whose stream inflates past its cap are refused with the limit named, nothing
// is stored, and the server answers the next question; a group's document count and size are capped; a file
// URL that redirects off Slack's file host, to http or to loopback is not followed.

const SECRET = 'limits-signing-secret';
const BASE = 'https://slack.test';

describe.each(backends)('upload limits and downloads through Slack on %s', (kind) => {
  let slack: SlackFixture;
  // Made before the server starts: no idle keep-alive connection to it times out while they are made.
  let docxBomb: Uint8Array;
  let inflatingPdf: Uint8Array;
  beforeAll(async () => {
    docxBomb = makeDocxBomb(199);
    inflatingPdf = await makeInflatingPdf(100);
    slack = await startSlackFixture({
      base: BASE,
      tsBase: 1_730_000_000,
      displayName: (u) => `Naam ${u}`,
      secret: SECRET,
      kind,
      env: { WERKTAFEL_GROUP_DOCUMENTS_MAX: '2', WERKTAFEL_GROUP_MB_MAX: '1' },
    });
  }, 120_000);
  afterEach(() => slack.api.reset());
  afterAll(async () => {
    await slack?.close();
  });

  const documents = async () =>
    (await slack.server.slack.bot.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents WHERE group_id IS NOT NULL'))
      .rows[0].n;
  const markdown = (title: string, kb: number) => {
    const para = `In ${title} wonen jongeren met begeleiding in een eigen studio dicht bij de wijkteams.\n\n`;
    return Buffer.from(`# ${title}\n\n${para.repeat(Math.ceil((kb * 1024) / para.length))}`);
  };

  it('refuses a Word file of 199 MB valid XML, naming the limit; stores nothing; the server answers on', async () => {
    await slack.mention('U1', 'C1', 'document toevoegen', [slack.api.shareFile('bom.docx', docxBomb)]);
    expect(slack.shown('C1')).toContain('pakt uit tot meer dan 32 MB aan tekstgegevens, de grens die ik aanhoud');
    expect(slack.shown('C1')).toContain('Er is niets van opgeslagen');
    expect(await documents()).toBe(0);
    slack.api.reset();
    await slack.mention('U2', 'C2', 'wat is een huurzorgcontract?');
    expect(slack.shown('C2')).toMatch(/huurzorgcontract/i);
  }, 120_000);

  it('refuses a PDF whose stream inflates past the cap, naming the limit, in English when asked in English', async () => {
    await slack.mention('U1', 'C1', 'document add', [slack.api.shareFile('uitpakker.pdf', inflatingPdf)]);
    expect(slack.shown('C1')).toContain('This PDF unpacks to more than 64 MB of data, the limit I keep');
    expect(slack.shown('C1')).toContain('Nothing of it was stored');
    expect(await documents()).toBe(0);
  }, 120_000);

  it("caps a group's number of documents and their total size, with the limit in the reply", async () => {
    await slack.mention('U1', 'C3', 'document toevoegen', [slack.api.shareFile('a.md', markdown('Wijk Noord', 4))]);
    await slack.mention('U1', 'C3', 'document toevoegen', [slack.api.shareFile('b.md', markdown('Wijk Zuid', 4))]);
    expect(slack.shown('C3')).toContain('*Wijk Zuid* is toegevoegd');
    slack.api.reset();
    await slack.mention('U1', 'C3', 'document toevoegen', [slack.api.shareFile('c.md', markdown('Wijk Oost', 4))]);
    expect(slack.shown('C3')).toContain('Deze werkgroep heeft al 2 eigen documenten, het maximum is 2');
    // The same file name again replaces, so it is not one too many.
    slack.api.reset();
    await slack.mention('U1', 'C3', 'document toevoegen', [slack.api.shareFile('b.md', markdown('Wijk Zuid', 5))]);
    expect(slack.shown('C3')).toContain('*Wijk Zuid* is vervangen');

    slack.api.reset();
    await slack.mention('U1', 'C4', 'document toevoegen', [slack.api.shareFile('groot.md', markdown('Wijk West', 700))]);
    expect(slack.shown('C4')).toContain('is toegevoegd');
    slack.api.reset();
    await slack.mention('U1', 'C4', 'document add', [slack.api.shareFile('groter.md', markdown('Wijk Centrum', 400))]);
    expect(slack.shown('C4')).toMatch(/own documents would come to 2 MB together; the maximum is 1 MB/);
    const { rows } = await slack.server.slack.bot.services.db.query<{ title: string }>(
      'SELECT title FROM documents WHERE group_id IS NOT NULL ORDER BY title',
    );
    expect(rows.map((r) => r.title)).toEqual(['Wijk Noord', 'Wijk West', 'Wijk Zuid']);
  }, 120_000);

  describe('a file address that redirects', () => {
    const loopback = http.createServer((_req, res) => res.end('# Binnenwerk\n\nGeheime tekst van deze machine.\n'));
    beforeAll(() => new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve)));
    afterAll(() => new Promise<void>((resolve) => loopback.close(() => resolve())));

    /** A file event whose url_private_download on Slack's host answers with a redirect to `location`. */
    function redirecting(name: string, location: string, status = 302): Record<string, unknown> {
      const path = `/files-tmb/T1-R${name.length}${status}/download/${name}`;
      nock(BASE).get(path).reply(status, '', { location });
      return { id: `R${name.length}`, name, size: 100, url_private_download: `${BASE}${path}` };
    }

    it('follows a redirect on the same host, and reads the file', async () => {
      const file = slack.api.shareFile('echt.md', markdown('Wijk Haven', 2));
      await slack.mention('U1', 'C5', 'document toevoegen', [redirecting('haven.md', String(file.url_private_download), 307)]);
      expect(slack.shown('C5')).toContain('*Wijk Haven* is toegevoegd');
    });

    it.each([
      ['to another host', 'https://elders.example/bestand.md'],
      ['from https to http', 'http://slack.test/files-pri/T1-F1/download/a.md'],
      ['to loopback', () => `http://127.0.0.1:${(loopback.address() as { port: number }).port}/bestand.md`],
      ['to a private address', 'https://10.0.0.8/bestand.md'],
    ])('refuses a redirect %s: nothing fetched there, nothing stored', async (_label, target) => {
      const location = typeof target === 'function' ? target() : target;
      const elsewhere = nock(new URL(location).origin).get(/.*/).reply(200, '# Elders\n\nTekst van elders.\n');
      const before = await documents();
      await slack.mention('U1', 'C6', 'document toevoegen', [redirecting('elders.md', location)]);
      expect(slack.shown('C6')).toContain('niet ophalen');
      expect(elsewhere.isDone()).toBe(false);
      expect(await documents()).toBe(before);
    });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { backends } from './helpers/db.js';
import { makeDocx, makeEncryptedPdf, makePdf, makeScannedPdf } from './helpers/files.js';
import { QUESTION, WOONVISIE, WOONVISIE_TITLE } from './helpers/group-docs.js';
import { startSlackFixture, type SlackFixture } from './helpers/slack-server.js';

// A working group's own documents through the real Slack server: files in the message events, read
// with the bot token from the local Web API stand-in; cited for that channel only; removed with a button.

const SECRET = 'documents-signing-secret';
const BASE = 'https://slack.test';

describe.each(backends)('group documents through Slack on %s', (kind) => {
  let slack: SlackFixture;
  beforeAll(async () => {
    slack = await startSlackFixture({ base: BASE, tsBase: 1_720_000_000, displayName: (u) => `Naam ${u}`, secret: SECRET, kind });
  }, 120_000);
  afterEach(() => slack.api.reset());
  afterAll(async () => {
    await slack?.close();
  });

  const posts = (channel: string) => slack.api.of('chat.postMessage', channel);
  const passages = async (title: string) =>
    (
      await slack.server.slack.bot.services.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.title = $1',
        [title],
      )
    ).rows[0].n;

  it('adds a PDF shared with a mention, read with the bot token; the channel gets citations of it, another channel not', async () => {
    const pdf = await makePdf(WOONVISIE_TITLE, WOONVISIE);
    await slack.mention('U1', 'C1', 'document toevoegen', [slack.api.shareFile('woonvisie.pdf', pdf, { mimetype: 'application/pdf' })]);
    expect(slack.api.downloads).toEqual([expect.objectContaining({ authorized: true })]);
    expect(slack.shown('C1')).toContain(`*${WOONVISIE_TITLE}* is toegevoegd als document van deze werkgroep`);
    slack.api.reset();

    await slack.mention('U1', 'C1', QUESTION);
    expect(slack.shown('C1')).toContain('veertig tussenvoorzieningen');
    expect(slack.shown('C1')).toContain(WOONVISIE_TITLE);

    await slack.mention('U2', 'C2', QUESTION);
    expect(slack.shown('C2')).not.toContain(WOONVISIE_TITLE);
    expect(slack.shown('C2')).not.toContain('veertig');
  });

  it('takes a Word file shared in the channel earlier, when the member then writes `document toevoegen`', async () => {
    const docx = await makeDocx('Verslag stuurgroep', [
      { heading: 'Besluiten', paragraphs: ['De stuurgroep kiest de Hanzeboog als eerste locatie voor skaeve huse.'] },
    ]);
    const file = slack.api.shareFile('verslag.docx', docx);
    await slack.deliver({
      type: 'message',
      subtype: 'file_share',
      user: 'U1',
      text: 'Het verslag',
      ts: slack.api.newTs(),
      channel: 'C1',
      channel_type: 'channel',
      files: [file],
    });
    expect(posts('C1')).toHaveLength(0); // not addressed to the bot: no reply
    await slack.mention('U1', 'C1', 'document toevoegen');
    expect(slack.shown('C1')).toContain('*Verslag stuurgroep* is toegevoegd');
    expect(await passages('Verslag stuurgroep')).toBeGreaterThan(0);
  });

  it('refuses bad files with a clear Dutch message and stores nothing; an oversized file is not even downloaded', async () => {
    const before = await passages(WOONVISIE_TITLE);
    const cases: [Record<string, unknown>, string][] = [
      [slack.api.shareFile('groot.pdf', new Uint8Array(10), { size: 30 * 1048576 }), 'Dit bestand is te groot (30 MB; maximaal 25 MB)'],
      [slack.api.shareFile('geheim.pdf', makeEncryptedPdf()), 'met een wachtwoord beveiligd'],
      [slack.api.shareFile('scan.pdf', await makeScannedPdf()), 'lijkt een scan'],
      [slack.api.shareFile('foto.png', Buffer.from('\u0089PNG\r\n\u001a\n....', 'latin1')), 'Markdown- en tekstbestanden aan'],
      [slack.api.shareFile('leeg.txt', new Uint8Array()), 'Dit bestand is leeg'],
      [slack.api.shareFile('kapot.docx', Buffer.from('PK\u0003\u0004garbage', 'latin1')), 'beschadigd of niet te openen'],
    ];
    for (const [file, reason] of cases) {
      slack.api.reset();
      await slack.mention('U1', 'C1', 'document toevoegen', [file]);
      expect(slack.shown('C1'), String(file.name)).toContain(reason);
      expect(slack.shown('C1'), String(file.name)).toContain('Er is niets van opgeslagen; de andere documenten zijn ongewijzigd.');
    }
    expect(slack.api.downloads.map((d) => d.path).join()).not.toContain('groot.pdf');

    // Larger than declared: refused while reading. Gone from Slack, or on another host (no token sent there): not fetched.
    const cases2: [Record<string, unknown>, string][] = [
      [slack.api.shareFile('stiekem.pdf', new Uint8Array(26 * 1048576), { size: 1000 }), 'Dit bestand is te groot (26 MB; maximaal 25 MB)'],
      [{ name: 'weg.pdf', size: 10, url_private_download: `${BASE}/files-pri/T1-F999/download/weg.pdf` }, 'Ik kon ‘weg.pdf’ niet ophalen'],
      [{ name: 'elders.pdf', size: 10, url_private_download: 'https://evil.example/elders.pdf' }, 'Ik kon ‘elders.pdf’ niet ophalen'],
    ];
    for (const [file, reason] of cases2) {
      slack.api.reset();
      await slack.mention('U1', 'C1', 'document toevoegen', [file]);
      expect(slack.shown('C1'), String(file.name)).toContain(reason);
    }
    expect(slack.api.downloads.map((d) => d.path).join()).not.toContain('elders');
    expect(await passages(WOONVISIE_TITLE)).toBe(before);
    const { rows } = await slack.server.slack.bot.services.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM documents WHERE group_id IS NOT NULL',
    );
    expect(rows[0].n).toBe(2);
  });

  it('removes a document after the project leader confirms with the button; the question no longer cites it', async () => {
    // The first to ask becomes project leader (as for every leader's task); another member is referred to them.
    await slack.mention('U1', 'C1', `document verwijderen ${WOONVISIE_TITLE}`);
    const confirm = posts('C1')[0];
    await slack.mention('U2', 'C1', `document verwijderen ${WOONVISIE_TITLE}`);
    expect(slack.shown('C1')).toContain('Alleen een projectleider kan een document van de werkgroep verwijderen. Projectleider: Naam U1.');
    const button = ((confirm.args.blocks ?? []) as any[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements)
      .find((e: any) => e.style === 'danger');
    expect(button.text.text).toBe('Verwijderen');
    const payload = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'woonzorg' },
      user: { id: 'U1', name: 'u1', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 't',
      channel: { id: 'C1', name: 'werkgroep' },
      message: { ts: confirm.result.ts, type: 'message', text: 'x' },
      container: { type: 'message', message_ts: confirm.result.ts, channel_id: 'C1', is_ephemeral: false },
      response_url: `${BASE}/actions/resp`,
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'buttons', value: button.value, action_ts: '1' }],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    expect((await slack.post(body, signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'))).status).toBe(200);
    await slack.server.slack.idle();
    expect(slack.shown('C1')).toContain(`*${WOONVISIE_TITLE}* is verwijderd`);
    expect(await passages(WOONVISIE_TITLE)).toBe(0);
    slack.api.reset();
    await slack.mention('U1', 'C1', QUESTION);
    expect(slack.shown('C1')).not.toContain(WOONVISIE_TITLE);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channelFileReference,
  channelMention,
  cardSubmit,
  fileAttachment,
  GROUP_CHAT,
  groupChatMention,
  MEGAN,
  personalMessage,
} from '../adapters/teams/dev/activities.js';
import { backends } from './helpers/db.js';
import { makeDocx, makeEncryptedPdf, makePdf, makeScannedPdf } from './helpers/files.js';
import { QUESTION, WOONVISIE, WOONVISIE_TITLE } from './helpers/group-docs.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// A working group's own documents through the Teams adapter on the shared server: a file sent in a group
// chat (file.download.info with its downloadUrl), cited in that chat only; a channel file, of which Teams
// gives only a SharePoint link, explained; bad files refused; removal confirmed with the card's button.

describe.each(backends)('group documents through Teams on %s', (kind) => {
  let fixture: TeamsFixture;
  beforeAll(async () => {
    fixture = await startTeamsFixture('werktafel-documents-teams-', {}, kind);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  const url = () => fixture.connector.url;
  const text = (calls: { body: Record<string, unknown> }[]) => JSON.stringify(calls.map((c) => c.body));
  const withFile = (activity: Record<string, unknown>, attachment: Record<string, unknown>) => ({ ...activity, attachments: [attachment] });
  const passages = async (title: string) =>
    (
      await fixture.teams.bot.services.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.title = $1',
        [title],
      )
    ).rows[0].n;

  it('adds a PDF sent in a group chat; the chat gets citations of it, a personal chat not', async () => {
    const link = fixture.connector.serveFile('woonvisie.pdf', await makePdf(WOONVISIE_TITLE, WOONVISIE));
    const added = text(
      await fixture.exchange(withFile(groupChatMention(url(), 'document toevoegen'), fileAttachment('woonvisie.pdf', link))),
    );
    expect(fixture.connector.downloads).toHaveLength(1);
    expect(added).toContain(`${WOONVISIE_TITLE}** is toegevoegd als document van deze werkgroep`);

    const answer = text(await fixture.exchange(groupChatMention(url(), QUESTION)));
    expect(answer).toContain('veertig tussenvoorzieningen');
    expect(answer).toContain(WOONVISIE_TITLE);

    const elsewhere = text(await fixture.exchange(personalMessage(url(), QUESTION)));
    expect(elsewhere).not.toContain(WOONVISIE_TITLE);
    expect(elsewhere).not.toContain('veertig');
  });

  it('adds a Word file sent to the bot in a personal chat with only the file', async () => {
    const docx = await makeDocx('Verslag stuurgroep', [
      { heading: 'Besluiten', paragraphs: ['De stuurgroep kiest de Hanzeboog als eerste locatie voor skaeve huse.'] },
    ]);
    const link = fixture.connector.serveFile('verslag.docx', docx);
    const added = text(await fixture.exchange(withFile(personalMessage(url(), ''), fileAttachment('verslag.docx', link))));
    expect(added).toContain('Verslag stuurgroep** is toegevoegd');
  });

  it('says plainly that a channel file comes only as a SharePoint link, and how to share it instead', async () => {
    const shown = text(await fixture.exchange(withFile(channelMention(url(), 'document toevoegen'), channelFileReference('monitor.pdf'))));
    expect(shown).toContain('alleen een koppeling naar SharePoint');
    expect(shown).toContain('persoonlijke chat of groepschat');
  });

  it('refuses bad files with a clear Dutch message and stores nothing', async () => {
    const before = await passages(WOONVISIE_TITLE);
    const cases: [string, Uint8Array, string][] = [
      ['geheim.pdf', makeEncryptedPdf(), 'met een wachtwoord beveiligd'],
      ['scan.pdf', await makeScannedPdf(), 'lijkt een scan'],
      ['begroting.xlsx', Buffer.from('PK\u0003\u0004xx', 'latin1'), 'Markdown- en tekstbestanden aan'],
      ['leeg.md', new Uint8Array(), 'Dit bestand is leeg'],
      ['kapot.docx', Buffer.from('PK\u0003\u0004garbage', 'latin1'), 'beschadigd of niet te openen'],
    ];
    for (const [name, bytes, reason] of cases) {
      const shown = text(
        await fixture.exchange(
          withFile(groupChatMention(url(), 'document toevoegen'), fileAttachment(name, fixture.connector.serveFile(name, bytes))),
        ),
      );
      expect(shown, name).toContain(reason);
      expect(shown, name).toContain('Er is niets van opgeslagen');
    }
    expect(await passages(WOONVISIE_TITLE)).toBe(before);
  });

  it('removes the document after the project leader presses the card button; the question no longer cites it', async () => {
    const [confirm] = await fixture.exchange(groupChatMention(url(), `document verwijderen ${WOONVISIE_TITLE}`));
    const card = JSON.stringify(confirm.body);
    expect(card).toContain('Weet je zeker');
    const value = card.match(/\{\\?"action\\?":\\?"documents\.remove\\?",\\?"value\\?":\\?"([^"\\]+)\\?"/)?.[1];
    expect(value).toBeTruthy();
    const refused = text(await fixture.exchange(groupChatMention(url(), `document verwijderen ${WOONVISIE_TITLE}`, MEGAN)));
    expect(refused).toContain('Alleen een projectleider');
    const done = text(
      await fixture.exchange(
        cardSubmit(url(), { id: GROUP_CHAT, conversationType: 'groupChat' }, confirm.assignedId!, { action: 'documents.remove', value }),
      ),
    );
    expect(done).toContain(`${WOONVISIE_TITLE}** is verwijderd`);
    expect(await passages(WOONVISIE_TITLE)).toBe(0);
    expect(text(await fixture.exchange(groupChatMention(url(), QUESTION)))).not.toContain(WOONVISIE_TITLE);
  });
});

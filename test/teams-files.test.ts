import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadToConsentedFile } from '../adapters/teams/consent.js';
import type { ConnectorCall } from '../adapters/teams/dev/connector.js';
import { ALEX, channelMention, fileConsentInvoke, groupChatMention, MEGAN, personalMessage } from '../adapters/teams/dev/activities.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// Exports in Teams (issue 21): in a personal chat a file comes as Teams' FileConsentCard; accepted, the bot
// PUTs it to the upload URL Teams gives and shows a file card; declined or failed, the content is shown in a
// card. Channels keep the table card. Through the real server, the local connector and its upload stand-in.

const MEGAN_CHAT = 'a:1personal-chat-with-megan';
const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

type Attachment = { contentType: string; name?: string; contentUrl?: string; content: any };

let fixture: TeamsFixture;
let url = '';
const attachments = (call: ConnectorCall) => (call.body.attachments as Attachment[] | undefined) ?? [];
const consentOf = (call: ConnectorCall) => attachments(call).find((a) => a.contentType === CONSENT);
const cardOf = (call: ConnectorCall) => attachments(call).find((a) => a.contentType === ADAPTIVE)?.content;

function walk(node: unknown, visit: (n: Record<string, any>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, any>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}
function tablesOf(card: unknown): string[][][] {
  const out: string[][][] = [];
  walk(card, (n) => {
    if (n.type === 'Table') out.push(n.rows.map((r: any) => r.cells.map((c: any) => c.items[0].text)));
  });
  return out;
}
const textsOf = (card: unknown) => {
  const out: string[] = [];
  walk(card, (n) => {
    if (n.type === 'TextBlock') out.push(String(n.text));
  });
  return out.join('\n');
};

/** `export besluiten` in Alex's personal chat: the Markdown report and the CSV, each offered with a consent card. */
async function exportInChat(): Promise<{ md: ConnectorCall; csv: ConnectorCall }> {
  const calls = await fixture.exchange(personalMessage(url, 'export besluiten'));
  expect(calls).toHaveLength(2);
  const [md, csv] = calls;
  return { md, csv };
}

beforeAll(async () => {
  fixture = await startTeamsFixture('werktafel-teams-files-');
  url = fixture.connector.url;
  await fixture.exchange(personalMessage(url, 'organisatie Gemeente Zwolle gemeente'));
  await fixture.exchange(personalMessage(url, 'besluit Wekelijks overleg op dinsdag'));
}, 180_000);
afterAll(async () => {
  await fixture?.close();
});

describe('Teams: exports as files in a personal chat (FileConsentCard)', () => {
  it('the app package lets the bot send and receive files (Teams shows no consent card otherwise)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'manifest.json'), 'utf8'));
    expect(manifest.bots[0].supportsFiles).toBe(true);
    expect(manifest.bots[0].scopes).toContain('personal');
  });

  it('offers the export with a consent card: name, size, a context naming the offer, and no bytes in the message', async () => {
    const { md, csv } = await exportInChat();
    for (const [call, ext] of [
      [md, 'md'],
      [csv, 'csv'],
    ] as const) {
      const consent = consentOf(call)!;
      expect(consent, `consent card for the .${ext}`).toBeDefined();
      expect(consent.name).toMatch(new RegExp(`^besluiten-\\d{4}-\\d{2}-\\d{2}\\.${ext}$`));
      expect(consent.content.description).toContain(consent.name);
      expect(consent.content.sizeInBytes).toBeGreaterThan(20);
      expect(consent.content.acceptContext).toEqual(consent.content.declineContext);
      const body = JSON.stringify(call.body);
      // The file itself is not in the message: no table, no inline data, no text of the decision.
      expect(body).not.toContain('data:');
      expect(body).not.toContain('Wekelijks overleg op dinsdag');
      expect(tablesOf(call.body)).toHaveLength(0);
    }
    expect(String(csv.body.text)).toContain('CSV');
  });

  it('accepted: PUTs exactly the file to the upload URL in one range, then shows Teams’ file card', async () => {
    const { csv } = await exportInChat();
    const consent = consentOf(csv)!;
    const uploadUrl = fixture.connector.uploadUrl(consent.name!);
    const before = fixture.connector.uploads.length;
    const calls = await fixture.exchange(
      fileConsentInvoke(
        url,
        { context: consent.content.acceptContext, replyToId: csv.assignedId },
        { action: 'accept', uploadUrl, name: consent.name! },
      ),
    );
    const uploads = fixture.connector.uploads.slice(before);
    expect(uploads).toHaveLength(1);
    const [put] = uploads;
    const n = consent.content.sizeInBytes as number;
    expect(put.bytes.length).toBe(n);
    expect(put.headers['content-length']).toBe(String(n));
    expect(put.headers['content-range']).toBe(`bytes 0-${n - 1}/${n}`);
    const csvText = put.bytes.toString('utf8');
    expect(csvText.startsWith('\uFEFF')).toBe(true);
    expect(csvText).toContain('Wekelijks overleg op dinsdag');
    expect(csvText).toContain(';');

    // The consent card becomes a line saying where the file is (it cannot be answered twice), then Teams' file card.
    const closed = calls.find((c) => c.method === 'PUT' && c.activityId === csv.assignedId)!;
    expect(closed).toBeDefined();
    expect(consentOf(closed)).toBeUndefined();
    expect(JSON.stringify(closed.body)).toContain(`${consent.name}** staat in je OneDrive.`);
    const posted = calls.filter((c) => c.method === 'POST');
    expect(posted).toHaveLength(1);
    const info = attachments(posted[0]).find((a) => a.contentType === FILE_INFO)!;
    expect(info).toBeDefined();
    expect(info.name).toBe(consent.name);
    expect(info.contentUrl).toMatch(/^https:\/\/contoso-my\.sharepoint\.com\/.*\.csv$/);
    expect(info.content.fileType).toBe('csv');
    expect(info.content.uniqueId).toBeTruthy();

    // Answered once: the same card accepted again uploads nothing and says the file is gone.
    const again = await fixture.exchange(
      fileConsentInvoke(url, { context: consent.content.acceptContext }, { action: 'accept', uploadUrl, name: consent.name! }),
    );
    expect(fixture.connector.uploads.length).toBe(before + 1);
    expect(JSON.stringify(again.map((c) => c.body))).toContain('niet meer beschikbaar');
  });

  it('declined: says so politely and shows the CSV as a table card (English for an English member)', async () => {
    const { csv } = await exportInChat();
    const consent = consentOf(csv)!;
    const before = fixture.connector.uploads.length;
    const calls = await fixture.exchange(
      fileConsentInvoke(url, { context: consent.content.declineContext, replyToId: csv.assignedId }, { action: 'decline' }),
    );
    expect(fixture.connector.uploads.length).toBe(before);
    // The consent card says the file was not sent; the content follows in a new message.
    const closed = calls.find((c) => c.method === 'PUT' && c.activityId === csv.assignedId)!;
    expect(consentOf(closed)).toBeUndefined();
    expect(JSON.stringify(closed.body)).toContain(`${consent.name}** is niet als bestand gestuurd`);
    const [reply] = calls.filter((c) => c.method === 'POST');
    const card = cardOf(reply);
    expect(textsOf(card)).toContain(`Prima, ik heb **${consent.name}** niet als bestand gestuurd. Hieronder staat de inhoud.`);
    const [table] = tablesOf(card);
    expect(table[0].slice(0, 2)).toEqual(['Nummer', 'Besluit']);
    expect(table.flat()).toContain('Wekelijks overleg op dinsdag');
    // No new consent card, no inline file: the member said no to the file.
    expect(consentOf(reply)).toBeUndefined();
    expect(JSON.stringify(reply.body)).not.toContain('data:');

    // An English-speaking member asks in English: the reason is in English.
    const [en] = await fixture.exchange(personalMessage(url, 'export decisions'));
    const enConsent = consentOf(en)!;
    const [enReply] = await fixture.exchange(fileConsentInvoke(url, { context: enConsent.content.declineContext }, { action: 'decline' }));
    expect(textsOf(cardOf(enReply))).toContain(`All right, I did not send **${enConsent.name}** as a file. Its content is below.`);
  });

  it('a failed upload: a clear message and the table card; the file is not lost', async () => {
    const { csv } = await exportInChat();
    const consent = consentOf(csv)!;
    const uploadUrl = fixture.connector.uploadUrl(consent.name!, { fails: true });
    const [reply] = await fixture.exchange(
      fileConsentInvoke(url, { context: consent.content.acceptContext }, { action: 'accept', uploadUrl, name: consent.name! }),
    );
    const card = cardOf(reply);
    expect(textsOf(card)).toContain(`Het lukte helaas niet om **${consent.name}** als bestand te sturen.`);
    expect(tablesOf(card)[0].flat()).toContain('Wekelijks overleg op dinsdag');
    expect(attachments(reply).some((a) => a.contentType === FILE_INFO)).toBe(false);
  });

  it('refuses an upload URL that is not https on SharePoint/OneDrive, and loopback outside the local trial', async () => {
    const before = fixture.connector.uploads.length;
    for (const uploadUrl of ['https://uploads.example.com/session/1', 'http://contoso-my.sharepoint.com/upload/1']) {
      const { csv } = await exportInChat();
      const consent = consentOf(csv)!;
      const [reply] = await fixture.exchange(
        fileConsentInvoke(url, { context: consent.content.acceptContext }, { action: 'accept', uploadUrl, name: consent.name! }),
      );
      expect(attachments(reply).some((a) => a.contentType === FILE_INFO)).toBe(false);
      expect(textsOf(cardOf(reply))).toContain(`Het lukte helaas niet om **${consent.name}** als bestand te sturen.`);
    }
    // With an app id (not the local trial) the stand-in on loopback is refused as well.
    const loopback = fixture.connector.uploadUrl('x.csv');
    await expect(uploadToConsentedFile(new Uint8Array([1, 2, 3]), { uploadUrl: loopback }, { localTrial: false })).rejects.toThrow(
      /loopback or private/,
    );
    expect(fixture.connector.uploads.length).toBe(before);
  });

  it('gives a file only to the member and conversation it was offered to', async () => {
    const { csv } = await exportInChat();
    const consent = consentOf(csv)!;
    const uploadUrl = fixture.connector.uploadUrl(consent.name!);
    const before = fixture.connector.uploads.length;
    // Megan, in her own chat, answering with Alex's offer: nothing of Alex's chat reaches her.
    const [stolen] = await fixture.exchange(
      fileConsentInvoke(
        url,
        { context: consent.content.acceptContext },
        { action: 'accept', uploadUrl, name: consent.name! },
        { from: MEGAN, conversation: MEGAN_CHAT },
      ),
    );
    expect(fixture.connector.uploads.length).toBe(before);
    expect(JSON.stringify(stolen.body)).not.toContain('Wekelijks overleg');
    expect(JSON.stringify(stolen.body)).toContain('niet meer beschikbaar');
    // Megan in Alex's conversation id (a forged activity) is refused too.
    const [forged] = await fixture.exchange(
      fileConsentInvoke(url, { context: consent.content.acceptContext }, { action: 'decline' }, { from: MEGAN }),
    );
    expect(JSON.stringify(forged.body)).not.toContain('Wekelijks overleg');
    // Alex still gets it.
    await fixture.exchange(
      fileConsentInvoke(
        url,
        { context: consent.content.acceptContext },
        { action: 'accept', uploadUrl, name: consent.name! },
        { from: ALEX },
      ),
    );
    expect(fixture.connector.uploads.length).toBe(before + 1);
  });

  it('an offer not answered within 7 days is gone: nothing is uploaded', async () => {
    const { csv } = await exportInChat();
    const consent = consentOf(csv)!;
    await fixture.teams.bot.services.db.query(`UPDATE file_offers SET created_at = now() - interval '8 days'`);
    const before = fixture.connector.uploads.length;
    const [reply] = await fixture.exchange(
      fileConsentInvoke(
        url,
        { context: consent.content.acceptContext },
        { action: 'accept', uploadUrl: fixture.connector.uploadUrl(consent.name!), name: consent.name! },
      ),
    );
    expect(fixture.connector.uploads.length).toBe(before);
    expect(JSON.stringify(reply.body)).toContain('Dit bestand is niet meer beschikbaar');
  });
});

describe('Teams: where the client takes no file from a bot, the export stays a card', () => {
  it('a channel export is a table card, with no consent card', async () => {
    await fixture.exchange(channelMention(url, 'besluit We tellen jongeren van 18 tot en met 23 jaar'));
    const calls = await fixture.exchange(channelMention(url, 'export besluiten'));
    const csv = calls.find((c) => tablesOf(cardOf(c)).length)!;
    expect(csv).toBeDefined();
    expect(tablesOf(cardOf(csv))[0].flat()).toContain('We tellen jongeren van 18 tot en met 23 jaar');
    expect(calls.some((c) => consentOf(c))).toBe(false);
  });

  it('a group-chat export is a table card, with no consent card', async () => {
    await fixture.exchange(groupChatMention(url, 'besluit Maandelijks een bezoek aan de locatie'));
    const calls = await fixture.exchange(groupChatMention(url, 'export besluiten'));
    const csv = calls.find((c) => tablesOf(cardOf(c)).length)!;
    expect(tablesOf(cardOf(csv))[0].flat()).toContain('Maandelijks een bezoek aan de locatie');
    expect(calls.some((c) => consentOf(c))).toBe(false);
  });
});

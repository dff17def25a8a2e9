import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { neutralText, placeOf, submitData } from '../adapters/teams/incoming.js';
import { renderReply } from '../adapters/teams/render.js';
import { isLoopback, readTeamsConfig } from '../adapters/teams/config.js';
import { starters } from '../src/core/starters.js';
import { buildPackage, commandLists, MANIFEST_FILE, readManifestTemplate, syncedTemplate } from '../adapters/teams/package/manifest.js';
import { strFromU8, unzipSync } from 'fflate';

describe('Teams activity parsing', () => {
  it('splits the channel conversation id into group channel and reply-chain root', () => {
    const place = placeOf({
      conversation: { id: '19:abc@thread.tacv2;messageid=1700', conversationType: 'channel', tenantId: 't1' } as never,
      id: '1800',
    });
    expect(place).toEqual({ surface: 'channel', workspace: 't1', channel: '19:abc@thread.tacv2', thread: '1700' });
    expect(placeOf({ conversation: { id: 'a:1x', conversationType: 'personal', tenantId: 't1' } as never }).thread).toBeUndefined();
  });

  it('drops the bot mention, neutralises other mentions and cleans Teams HTML', () => {
    const text = neutralText({
      text: '<p><at>Werktafel</at>&nbsp;rol projectleider <at>Megan Bowen</at> &amp; co</p>',
      recipient: { id: '28:bot', name: 'Werktafel' },
      entities: [
        { type: 'mention', mentioned: { id: '28:bot', name: 'Werktafel' }, text: '<at>Werktafel</at>' },
        { type: 'mention', mentioned: { id: '29:megan', name: 'Megan Bowen' }, text: '<at>Megan Bowen</at>' },
      ] as never,
    });
    expect(text).toBe('rol projectleider <@29:megan|Megan Bowen> & co');
  });

  it('reads Action.Submit data with card inputs', () => {
    expect(submitData({ value: { action: 'step.answer', value: 'r:A1:nl', answer: 'Tekst', msteams: {} } })).toEqual({
      action: 'step.answer',
      value: 'r:A1:nl',
      inputs: { answer: 'Tekst' },
    });
    expect(submitData({ value: undefined })).toBeNull();
  });
});

describe('Teams rendering', () => {
  it('labels AI-generated chat answers; a neutral mention is the bold name, not an <at> mention', () => {
    const a = renderReply({ text: 'Vraag aan <@29:megan|Megan>\nregel 2', language: 'nl', aiGenerated: true }, { surface: 'personal' });
    expect(a.text).toBe('Vraag aan **Megan**<br>regel 2');
    expect(a.entities).not.toContainEqual(expect.objectContaining({ type: 'mention' }));
    expect(a.entities).toContainEqual(expect.objectContaining({ '@type': 'Message', additionalType: ['AIGeneratedContent'] }));
  });
});

describe('Teams configuration', () => {
  it('runs unauthenticated only on loopback, and starts the playground only for the local trial', () => {
    expect(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(readTeamsConfig({}).playground).toBe(true);
    expect(readTeamsConfig({ WERKTAFEL_PLAYGROUND: '0' }).playground).toBe(false);
    expect(readTeamsConfig({ SLACK_BOT_TOKEN: 'xoxb' }).playground).toBe(false);
    expect(readTeamsConfig({ HOST: '0.0.0.0' }).refusal).toMatch(/loopback/);
    const auth = readTeamsConfig({ HOST: '0.0.0.0', MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw' });
    expect(auth.refusal).toBeUndefined();
    expect(auth.playground).toBe(false);
    expect(auth.auth).toMatchObject({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'MultiTenant' });
  });
});

describe('Teams app package', () => {
  it('keeps manifest.json’s command lists in sync with the locales (npm run teams:package -- --sync)', () => {
    expect(readManifestTemplate()).toEqual(syncedTemplate());
    const titles = commandLists().flatMap((l) => l.commands.map((c) => c.title));
    for (const c of [
      'vraag',
      'help',
      'start',
      'voortgang',
      'export',
      'organisatie',
      'begrip',
      'begrippen',
      'besluit',
      'besluiten',
      'rol',
    ]) {
      expect(titles).toContain(c);
    }
    for (const l of commandLists()) {
      expect(l.commands.length).toBeLessThanOrEqual(10);
      for (const c of l.commands) expect(c.description.length).toBeLessThanOrEqual(128);
    }
  });

  it('opens personal chat with the prompt starters of knowledge/assistant, each a sendable text within Teams’ limits', () => {
    const [personal] = commandLists();
    const prompts = starters('nl').prompts;
    const first = personal.commands.slice(0, prompts.length);
    expect(first.map((c) => c.title)).toEqual([
      'Wat verzamelen we bij stap 1?',
      'Wat is een omklapwoning?',
      'Wie betaalt de begeleiding?',
      'begrippen',
    ]);
    expect(first[0].description).toBe('Welke informatie verzamelen we bij stap 1?');
    for (const c of personal.commands) expect(c.title.length).toBeLessThanOrEqual(32);
  });

  it('builds a zip with the bot id filled in and both icons', () => {
    const files = unzipSync(buildPackage({ botId: '11111111-2222-3333-4444-555555555555' }));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    expect(manifest.bots[0].botId).toBe('11111111-2222-3333-4444-555555555555');
    expect(manifest.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(Object.keys(files)).toEqual(expect.arrayContaining([manifest.icons.color, manifest.icons.outline]));
    // PNG header: signature, then IHDR width, height, bit depth and colour type (6 = RGBA, for transparency)
    const header = (png: Uint8Array) => {
      const b = Buffer.from(png);
      return {
        png: b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
        width: b.readUInt32BE(16),
        height: b.readUInt32BE(20),
        colourType: b[25],
      };
    };
    expect(header(files[manifest.icons.color])).toMatchObject({ png: true, width: 192, height: 192 });
    expect(header(files[manifest.icons.outline])).toEqual({ png: true, width: 32, height: 32, colourType: 6 });
    expect(fs.existsSync(MANIFEST_FILE)).toBe(true);
    expect(() => buildPackage({ botId: 'not-a-guid' })).toThrow(/GUID/);
  });
});

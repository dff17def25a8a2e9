import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../src/core/types.js';
import { groupIdOf } from '../src/groups/members.js';
import { testAppForSuite } from './helpers/app.js';
import { cliMsg } from './helpers/cli-message.js';
import { backends } from './helpers/db.js';

describe.each(backends)('decisions on %s', (kind) => {
  const suite = testAppForSuite(kind);

  const say = async (channel: string, user: string, text: string, extra: Partial<IncomingMessage> = {}) => {
    const replies = await suite.app.bot.handle(cliMsg(channel, user, text, extra));
    expect(replies.length).toBeGreaterThan(0);
    return replies[0];
  };
  it('records who, organisation, date, where and the step item', async () => {
    await say('rec', 'anna', 'organisatie Woonstichting De Kroon corporatie');
    const r = await say('rec', 'anna', 'werktafel besluit D2: We reserveren 20 woningen per jaar voor jongeren uit de jeugdzorg', {
      thread: 't-1',
      messageId: 'm-1',
      permalink: 'https://example.slack.com/archives/C1/p1',
    });
    expect(r.text).toContain('Besluit *#1* vastgelegd: We reserveren 20 woningen');
    expect(r.text).toContain('Anna (Woonstichting De Kroon)');
    expect(r.text).toContain('bij item D2');
    const recorded = (await say('rec', 'bob', 'besluit 1')).text;
    expect(recorded).toContain('*#1* [D2] We reserveren 20 woningen per jaar');
    expect(recorded).toContain('genomen · Anna (Woonstichting De Kroon) · ');
    expect(recorded).toContain('https://example.slack.com/archives/C1/p1'); // where it was taken
    await say('rec', 'bob', 'besluit De werkgroep komt elke maand bij elkaar', { thread: 't-9' });
    const shown = await say('rec', 'anna', 'besluit 2');
    expect(shown.text).toContain('*#2* De werkgroep komt elke maand bij elkaar');
    expect(shown.text).toContain('rec / t-9'); // no permalink: channel and thread ids
    const en = await say('rec', 'anna', 'decision We hire a process manager for the pilot');
    expect(en.language).toBe('en');
    expect(en.text).toContain('Decision *#3* recorded');
  });

  it('ties a decision taken in a step thread to that run of the step (its export)', async () => {
    const groupId = groupIdOf(cliMsg('steps', 'x', ''));
    /** Starts step 1 and posts its card the way an adapter does: the card's message is the run's thread. */
    const startStep = async (thread: string) => {
      const card = (await suite.app.bot.handle(cliMsg('steps', 'anna', 'werktafel start stap 1'))).find((r) => r.cardKey && r.checklist);
      expect(card).toBeDefined();
      await suite.app.bot.cardPosted(groupId, card!.cardKey!, { id: thread }, thread);
    };
    const exported = async () => (await say('steps', 'anna', 'werktafel export stap 1')).file!.content;

    await startStep('thread-run-1');
    expect((await say('steps', 'anna', 'besluit D2: Capaciteit komt uit de regionale monitor', { thread: 'thread-run-1' })).text).toContain(
      'bij item D2',
    );
    await say('steps', 'anna', 'besluit Elders genomen', { thread: 'another-thread' });
    expect(await exported()).toContain('Besluit #1 (genomen): Capaciteit komt uit de regionale monitor');

    // A second run of the same step: its report shows its own decisions, not the first run's.
    expect((await say('steps', 'anna', 'werktafel stap 1 afronden')).text).toContain('afgerond');
    await startStep('thread-run-2');
    await say('steps', 'anna', 'besluit D2: We tellen opnieuw met de eigen wachtlijst', { thread: 'thread-run-2' });
    const report = await exported();
    expect(report).toContain('Besluit #3 (genomen): We tellen opnieuw met de eigen wachtlijst');
    expect(report).not.toContain('#1');
    expect(report).not.toContain('Elders genomen');
  });

  it('numbers decisions per group without gaps or duplicates when members decide at once', async () => {
    const n = 8;
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => suite.app.bot.handle(cliMsg('race', `u${i}`, `besluit Gelijktijdig besluit ${i}`))),
    );
    const numbers = replies.map((r) => Number(r[0].text.match(/#(\d+)/)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    // Another group starts at 1 again.
    expect((await say('race-2', 'u0', 'besluit Eerste besluit hier')).text).toContain('#1*');
  });

  it('changes status with a reason, keeps history, and replaces decisions', async () => {
    await say('status', 'anna', 'besluit We bouwen 30 omklapwoningen in de wijk Noord');
    await say('status', 'anna', 'besluit We evalueren de pilot na een jaar');
    // Anna makes herself project leader (the group has none yet); Bob is neither author nor leader.
    expect((await say('status', 'anna', 'rol projectleider @anna')).text).toContain('projectleider');
    expect((await say('status', 'bob', 'besluit 1 intrekken')).text).toContain('Alleen wie besluit #1 heeft vastgelegd');
    expect((await say('status', 'anna', 'besluit 1 herzien de grondpositie is onzeker')).text).toContain('status: herzien');
    expect((await say('status', 'anna', 'besluit 1 herzien nog steeds onzeker')).text).toContain('heeft die status al');
    const replaced = await say('status', 'anna', 'besluit We bouwen 24 omklapwoningen in Noord en 6 in Zuid vervangt 1');
    expect(replaced.text).toContain('Besluit *#3* vastgelegd');
    expect(replaced.text).toContain('Vervangt besluit #1.');
    expect((await say('status', 'anna', 'besluit 1 intrekken')).text).toContain('is al vervangen');
    expect((await say('status', 'anna', 'besluit 2 intrekken geen budget')).text).toContain('status: ingetrokken');
    expect((await say('status', 'anna', 'besluit 42 intrekken')).text).toContain('Besluit #42 bestaat niet in deze werkgroep');
    expect((await say('status', 'anna', 'besluit iets vervangt 42')).text).toContain('Besluit #42 bestaat niet');
    expect((await say('status', 'anna', 'besluit')).text).toContain('Gebruik:');

    const detail = (await say('status', 'bob', 'besluit 1')).text;
    expect(detail).toContain('vervangen door #3');
    expect(detail).toMatch(/genomen \(Anna\)\n.*herzien \(Anna\): de grondpositie is onzeker\n.*vervangen \(Anna\): #3/);
    const replacement = (await say('status', 'bob', 'besluit 3')).text;
    expect(replacement).toMatch(/^_genomen · Anna/m);
    expect(replacement).toContain('Vervangt besluit #1.');

    // A project leader may change someone else's decision.
    await say('status', 'carla', 'besluit Carla legt iets vast');
    expect((await say('status', 'anna', 'besluit 4 herzien: Carla legt iets anders vast')).text).toContain('Besluit #4 is herzien');
  });

  it('lists and searches decisions in Dutch, with a fallback for partial words and typos', async () => {
    await say('search', 'anna', 'besluit We reserveren woningen voor jongeren die uitstromen uit beschermd wonen');
    await say('search', 'anna', 'besluit De gemeente financiert de woonbegeleiding drie jaar');
    await say('search', 'anna', 'besluit B4: Het huurcontract wordt na een jaar omgeklapt');
    const all = (await say('search', 'anna', 'besluiten')).text;
    expect(all).toContain('(3)');
    expect(all).toMatch(/#1\* We reserveren[\s\S]*#2\* De gemeente[\s\S]*#3\* \[B4\] Het huurcontract/);
    // Full text with Dutch stemming: 'woning' meets 'woningen'.
    expect((await say('search', 'anna', 'besluiten woning')).text).toMatch(/\(1\):\n- \*#1\*/);
    expect((await say('search', 'anna', 'besluiten "beschermd wonen"')).text).toContain('#1*');
    expect((await say('search', 'anna', 'besluiten b4')).text).toContain('#3*');
    // Fallback: part of a word, and a misspelling.
    expect((await say('search', 'anna', 'besluiten begeleid')).text).toContain('#2*');
    expect((await say('search', 'anna', 'besluiten huurkontract')).text).toContain('#3*');
    expect((await say('search', 'anna', 'besluiten zwembad')).text).toContain('Geen besluiten gevonden over ‘zwembad’');
    expect((await say('search', 'anna', 'decisions about the swimming pool')).text).toContain('No decisions found');
  });

  it('exports Markdown and CSV files', async () => {
    await say('export', 'anna', 'besluit D2: 20 woningen per jaar, "tijdelijk" contract');
    await say('export', 'anna', 'besluit De pilot start in mei');
    await say('export', 'anna', 'besluit 2 intrekken');
    const replies = await suite.app.bot.handle(cliMsg('export', 'anna', 'werktafel export besluiten'));
    expect(replies).toHaveLength(2);
    const [md, csv] = replies.map((r) => r.file!);
    expect(md.name).toMatch(/^besluiten-\d{4}-\d{2}-\d{2}\.md$/);
    expect(md.mime).toBe('text/markdown');
    expect(md.content).toContain('# Besluitenlijst');
    expect(md.content).toContain('## #1 [D2] — genomen');
    expect(md.content).toContain('## #2 — ingetrokken');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.mime).toBe('text/csv');
    // For Dutch spreadsheets: BOM, semicolons, Dutch headers, local time; quotes doubled.
    expect(csv.content.startsWith('\uFEFF')).toBe(true);
    const lines = csv.content.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Nummer;Besluit;Status;Vraag (stap);Vastgelegd door;Organisatie;Datum;Laatst gewijzigd;Genomen in;Vervangt;Vervangen door;Redenen;Geschiedenis',
    );
    expect(lines[1]).toMatch(/^1;"20 woningen per jaar, ""tijdelijk"" contract";genomen;D2;Anna;;\d{4}-\d{2}-\d{2} \d{2}:\d{2};/);
    expect(lines[2]).toMatch(/^2;De pilot start in mei;ingetrokken;;Anna;/);
    expect(lines[2]).toContain('ingetrokken (Anna)');
    const en = await suite.app.bot.handle(cliMsg('export', 'anna', 'export decisions'));
    expect(en[0].file!.name).toMatch(/^decisions-/);
    expect(en[0].file!.content).toContain('# Decision log');
  });

  it('lists matching decisions under answers', async () => {
    await say('answers', 'anna', 'besluit We reserveren 20 omklapwoningen per jaar voor jongeren uit de jeugdzorg');
    await say('answers', 'anna', 'besluit Het overleg is op dinsdag');
    await say('answers', 'anna', 'besluit Omklapwoningen gaan na twee jaar over naar de huurder');
    await say('answers', 'anna', 'besluit 3 intrekken');
    const a = await say('answers', 'anna', 'Hoe werkt een omklapwoning voor jongeren?');
    expect(a.text).toContain('Eerder besloten: #1 We reserveren 20 omklapwoningen');
    expect(a.text).not.toContain('#2');
    expect(a.text).not.toContain('#3 '); // withdrawn decisions are not offered
  });

  it('a decision that answers the question leads the answer; the documents follow', async () => {
    await say('leads', 'anna', 'besluit We gebruiken de jongerenmonitor als bron voor de omvang van de doelgroep');
    const a = await say('leads', 'anna', 'Welke bron gebruiken we voor de omvang van de doelgroep?');
    expect(a.text.split('\n')[0]).toMatch(/^Eerder besloten: #1 We gebruiken de jongerenmonitor/);
    expect(a.text).not.toMatch(/vermenigvuldigd|aansprakelijkheid/);
  });

  it('keeps decisions of one group out of another', async () => {
    await say('iso-a', 'anna', 'besluit Geheim besluit over de locatie Zuid');
    const other = { workspace: 'other' };
    for (const [channel, extra] of [
      ['iso-b', {}],
      ['iso-a', other],
    ] as const) {
      expect((await say(channel, 'anna', 'besluiten', extra)).text).toContain('nog geen besluiten');
      expect((await say(channel, 'anna', 'besluiten locatie', extra)).text).toContain('Geen besluiten gevonden');
      expect((await say(channel, 'anna', 'besluit 1', extra)).text).toContain('bestaat niet');
      expect((await say(channel, 'anna', 'besluit 1 intrekken', extra)).text).toContain('bestaat niet');
      expect((await say(channel, 'anna', 'Wat is besloten over de locatie Zuid?', extra)).text).not.toContain('Eerder besloten');
      const exp = await suite.app.bot.handle(cliMsg(channel, 'anna', 'export besluiten', extra));
      expect(exp[1].file!.content.trim().split('\r\n')).toHaveLength(1);
    }
    expect((await say('iso-a', 'anna', 'besluit 1')).text).toContain('Geheim besluit');
  });

  it('keeps decisions and their history across a restart', async () => {
    await say('restart', 'anna', 'besluit A1: We werken met één wachtlijst');
    await say('restart', 'anna', 'besluit 1 herzien nieuwe cijfers');
    await suite.restart();
    const detail = (await say('restart', 'anna', 'besluit 1')).text;
    expect(detail).toContain('[A1] We werken met één wachtlijst');
    expect(detail).toContain('herzien (Anna): nieuwe cijfers');
    expect((await say('restart', 'anna', 'besluit Tweede besluit')).text).toContain('#2*');
  });
});

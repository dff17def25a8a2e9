import { describe, expect, it } from 'vitest';
import { parseFacts } from '../src/steps/facts.js';
import { formatQuantities, parseFacts as facts } from '../src/steps/facts.js';
import { parseAnswers, parseThreadMessage, withoutItemMark } from '../src/steps/parse.js';

describe('step answer parsing', () => {
  it('reads item answers, also several in one message', () => {
    expect(parseThreadMessage('D2: 45 jongeren tussen 18 en 23 (GGD-monitor 2024)')).toEqual({
      kind: 'answers',
      segments: [{ code: 'D2', text: '45 jongeren tussen 18 en 23 (GGD-monitor 2024)' }],
    });
    expect(parseAnswers('d1: zwerfjongeren\nen jongeren uit de jeugdzorg\nA-D2 – groeit sinds 2020')).toEqual([
      { code: 'd1', text: 'zwerfjongeren\nen jongeren uit de jeugdzorg' },
      { code: 'A-D2', text: 'groeit sinds 2020' },
    ]);
    expect(parseThreadMessage('Wat is een omklapwoning?')).toBeNull();
    expect(parseThreadMessage('Zie D2: klopt dat?')).toBeNull();
  });

  it('recognises help and draft requests', () => {
    expect(parseThreadMessage('D2?')).toEqual({ kind: 'help', code: 'D2' });
    expect(parseThreadMessage('werktafel hulp a-d1')).toEqual({ kind: 'help', code: 'a-d1' });
    expect(parseThreadMessage('wat zeggen de documenten over R3?')).toEqual({ kind: 'help', code: 'R3' });
    expect(parseThreadMessage('concept A-D2')).toEqual({ kind: 'draft', code: 'A-D2', en: false });
    expect(parseThreadMessage('draft A-W2')).toEqual({ kind: 'draft', code: 'A-W2', en: true });
  });

  it('keeps numbers with units, years and the source', () => {
    const f = parseFacts('45 jongeren tussen 18 en 23, bron: GGD-monitor 2024');
    expect(f.quantities[0]).toMatchObject({ value: 45, unit: 'jongeren' });
    expect(f.source).toBe('GGD-monitor 2024');
    expect(f.year).toBe(2024);
    const g = parseFacts('in 2023 waren er 1.250 woningen, 3,5 fte en 12% leegstand; € 1.200 per maand');
    expect(g.year).toBe(2023);
    expect(g.quantities.map((q) => [q.value, q.unit])).toEqual([
      [1250, 'woningen'],
      [3.5, 'fte'],
      [12, '%'],
      [1200, 'euro'],
    ]);
    expect(parseFacts('2000 woningen gepland').quantities[0]).toMatchObject({ value: 2000, unit: 'woningen' });
    expect(parseFacts('geen cijfers bekend')).toEqual({ quantities: [], years: [] });
  });

  it('recognises an item however it is marked, and keeps the mark out of the answer (issue 21)', () => {
    for (const typed of [
      'D4. Jongeren zeggen zelf: meer rust',
      'D4) Jongeren zeggen zelf: meer rust',
      'D4 - Jongeren zeggen zelf: meer rust',
      '(D4) Jongeren zeggen zelf: meer rust',
      'd4: Jongeren zeggen zelf: meer rust',
      'D4 : Jongeren zeggen zelf: meer rust',
    ]) {
      const intent = parseThreadMessage(typed);
      expect(intent, typed).toMatchObject({ kind: 'answers', segments: [{ text: 'Jongeren zeggen zelf: meer rust' }] });
      expect(intent?.kind === 'answers' && intent.segments[0].code.toUpperCase()).toBe('D4');
    }
    expect(parseThreadMessage('D4.5 procent')).toBeNull(); // a decimal, not a mark
    expect(parseThreadMessage('(D2) intrekken')).toEqual({ kind: 'withdraw', code: 'D2' });
    // Chosen by button: the typed mark of that item goes, another item's code stays text.
    expect(withoutItemMark('D4. Jongeren zeggen zelf: meer rust', 'D4')).toBe('Jongeren zeggen zelf: meer rust');
    expect(withoutItemMark('d4 meer rust', 'D4')).toBe('meer rust');
    expect(withoutItemMark('D3. meer rust', 'D4')).toBe('D3. meer rust');
  });

  it('reads brackets as text: a source only after "bron:", a year only next to its figure, plural units (issue 21)', () => {
    const brackets = facts('Het oude raadhuis (De Brug) (gemeente-eigendom, leeg sinds 2024)');
    expect(brackets.source).toBeUndefined();
    expect(brackets.year).toBeUndefined();
    expect(facts('Skaeve Huse (bron: De Brug)').source).toBe('De Brug');
    expect(facts('Skaeve Huse, source: CBS').source).toBe('CBS');
    const dated = facts('67 jongeren (2025) (bron: Jongerenmonitor 2023)');
    expect(dated.quantities).toEqual([{ value: 67, unit: 'jongeren', raw: '67 jongeren', year: 2025 }]);
    expect(dated.year).toBe(2025);
    expect(formatQuantities(dated, dated.year)).toBe('67 jongeren (2025)');
    expect(formatQuantities(facts('67 jongeren, bron: Jongerenmonitor 2023'), 2023)).toBe('67 jongeren (2023)');
    const plural = facts("12 studio's en 3 woningen (gemeente-eigendom, leeg sinds 2024)");
    expect(plural.quantities.map((q) => `${q.value} ${q.unit}`)).toEqual(["12 studio's", '3 woningen']);
    expect(plural.year).toBeUndefined();
    expect(formatQuantities(facts('12 studio’s'))).toBe('12 studio’s');
  });
});

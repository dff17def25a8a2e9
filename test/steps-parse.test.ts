import { describe, expect, it } from 'vitest';
import { parseFacts } from '../src/steps/facts.js';
import { parseAnswers, parseThreadMessage } from '../src/steps/parse.js';

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
    const f = parseFacts('45 jongeren tussen 18 en 23 (GGD-monitor 2024)');
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
});

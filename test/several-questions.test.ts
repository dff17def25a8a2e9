import { describe, expect, it } from 'vitest';
import { separateQuestions } from '../src/qa/specific.js';
import { testAppForSuite } from './helpers/app.js';

// A member asks several things in one message. Each question about its own subject gets its own answer, in order;
// a question that goes on about the one before is answered with it.

const suite = testAppForSuite('pglite');
const send = (channel: string, text: string) =>
  suite.app.bot.handle({ platform: 'cli', workspace: 'w', channel, user: { id: 'anna', name: 'Anna' }, text });

describe('several questions in one message', () => {
  it('answers each question about its own subject on its own, headed by the question', async () => {
    const replies = await send(
      'several',
      'Wat is de wachttijd voor een sociale huurwoning in Amersfoort? En hoeveel woonstudio’s heeft Start me Up?',
    );
    expect(replies).toHaveLength(2);
    expect(replies[0].text).toMatch(/^\*Vraag 1 van 2:\* Wat is de wachttijd voor een sociale huurwoning in Amersfoort\?/);
    expect(replies[0].text).toMatch(/drie tot vijf jaar/);
    expect(replies[1].text).toMatch(/^\*Vraag 2 van 2:\* En hoeveel woonstudio’s heeft Start me Up\?/);
    expect(replies[1].text).toMatch(/38 woonstudio/);
    // Not one refusal that runs the subjects together ("… voor Amersfoort en Start en Up").
    expect(replies.map((r) => r.text).join('\n')).not.toMatch(/Amersfoort en Start/);
  });

  it('keeps a question that goes on about the one before as one question', () => {
    const message = 'Klopt het dat veel jongeren in Amersfoort lang wachten? Hoe lang precies?';
    expect(separateQuestions(message)).toEqual([message]);
    expect(separateQuestions('Wat kost Housing First in Breda? En hoeveel deelnemers heeft Housing First in Breda?')).toHaveLength(1);
    expect(separateQuestions('Wij zijn een gemeente. Wat doet Kwintes? En wat doet Portaal?')).toEqual([
      'Wij zijn een gemeente. Wat doet Kwintes?',
      'Wij zijn een gemeente. En wat doet Portaal?',
    ]);
  });
});

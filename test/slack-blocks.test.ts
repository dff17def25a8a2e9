import { describe, expect, it } from 'vitest';
import { FEEDBACK_ACTION, formatCitation, parseActionId, renderReply } from '../adapters/slack/blocks.js';
import { toMrkdwn, toNeutralText } from '../adapters/slack/text.js';
import type { Citation } from '../src/core/types.js';

const citation = (n: number): Citation => ({
  n,
  document: 'doc',
  file: 'doc.pdf',
  title: 'Handreiking wonen & zorg',
  section: '2.1 Omklappen',
  lines: [10, 14],
  page: 3,
  text: '…',
  score: 1,
});

describe('Slack text conversion', () => {
  it('turns Slack input into neutral text without the bot mention', () => {
    expect(toNeutralText('<@UBOT> wat vindt <@U2> van <#C1|werkgroep> en <https://x.nl|dit> &amp; &lt;dat&gt;?', 'UBOT')).toBe(
      'wat vindt <@U2> van #werkgroep en dit (https://x.nl) & <dat>?',
    );
  });

  it('renders the core markdown subset as mrkdwn and escapes the rest; a mention is a name, not a ping', () => {
    expect(toMrkdwn('**Let op** _echt_ `a<b` <@U2|Ans> 1 < 2 & 3\n- punt')).toBe('*Let op* _echt_ `a&lt;b` @Ans 1 &lt; 2 &amp; 3\n• punt');
  });
});

describe('Slack Block Kit rendering', () => {
  it('shows sources as [n] with the core source label and feedback buttons with distinct action ids', () => {
    const msg = renderReply({ text: 'Antwoord [1].', language: 'en', citations: [citation(1)], answerId: 'a1' });
    expect(formatCitation(citation(1), 'nl')).toBe('[1] Handreiking wonen & zorg, §2.1 Omklappen, p. 3');
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('[1] Handreiking wonen &amp; zorg, §2.1 Omklappen, p. 3');
    const actions = msg.blocks.find((b) => b.type === 'actions' && b.block_id === 'feedback') as any;
    expect(actions.elements.map((e: any) => e.value)).toEqual(['a1:up:en', 'a1:down:en']);
    expect(actions.elements.map((e: any) => parseActionId(e.action_id))).toEqual([FEEDBACK_ACTION, FEEDBACK_ACTION]);
    expect(new Set(actions.elements.map((e: any) => e.action_id)).size).toBe(2);
  });

  it('keeps every section under 3,000 characters and the message at 50 blocks at most', () => {
    const paragraph = `${'Woningen voor jongeren uit de jeugdzorg vragen om afspraken. '.repeat(40)}\n\n`;
    for (const text of [paragraph.repeat(5), paragraph.repeat(200)]) {
      const msg = renderReply({
        text,
        language: 'nl',
        citations: [1, 2, 3].map(citation),
        answerId: 'a1',
        buttons: [{ label: 'Meer', action: 'x.more', value: '1' }],
      });
      expect(msg.blocks.length).toBeLessThanOrEqual(50);
      for (const b of msg.blocks as any[]) if (b.type === 'section') expect(b.text.text.length).toBeLessThan(3000);
      expect(msg.text.length).toBeLessThanOrEqual(3000);
      // What users act on survives shortening.
      const json = JSON.stringify(msg.blocks);
      expect(json).toContain('Bronnen');
      expect(json).toContain('a1:up');
      expect(json).toContain('x.more');
    }
  });
});

import { expect } from 'vitest';
import type { Bot } from '../../src/core/bot.js';
import type { IncomingMessage, Reply } from '../../src/core/types.js';
import { cliMsg } from './cli-message.js';

// A scripted working-group session through the core: organisations, a glossary term with two
// versions, a decision that is later revised, a step with an answer, a question with feedback.

export async function scriptedSession(bot: Bot, channel: string, tag: string): Promise<{ answerId: string }> {
  const send = (user: string, text: string, extra: Partial<IncomingMessage> = {}) => bot.handle(cliMsg(channel, user, text, extra));
  await send('anna', 'werktafel organisatie Gemeente Utrecht gemeente');
  await send('bob', `werktafel organisatie Woonstichting ${tag} corporatie`);
  await send('anna', `werktafel begrip doorstroom = Verhuizen naar een zelfstandige woning (${tag} v1)`);
  await send('bob', `werktafel begrip doorstroom = Van beschermd wonen naar een eigen huis (${tag} v2)`);
  await send('anna', `werktafel besluit =HYPERLINK("https://evil.example") We reserveren 20 woningen (${tag})`);
  await send('anna', 'werktafel besluit 1 herzien =1+1 na overleg');
  const started: Reply[] = await send('anna', 'werktafel start inventariseren');
  const card = started.find((r) => r.cardKey)!;
  expect(card, 'step card').toBeTruthy();
  await bot.cardPosted(`cli:w:${channel}`, card.cardKey!, { id: `card-${tag}` }, `card-${tag}`);
  await send('bob', `D2: 45 jongeren tussen 18 en 23 (${tag} monitor 2024)`, { thread: `card-${tag}`, messageId: `m-${tag}` });
  const answered = await send('bob', 'Wat is omklappen van een huurcontract?');
  const answerId = answered.find((r) => r.answerId)?.answerId;
  expect(answerId, 'an answer that takes feedback').toBeTruthy();
  await bot.handleAction({
    ...cliMsg(channel, 'anna', ''),
    action: 'feedback.vote',
    value: `${answerId}:down`,
    inputs: { comment: `te lang ${tag}` },
  });
  return { answerId: answerId! };
}

import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { Werktafel } from '../../src/app.js';
import { Delivery } from '../../src/core/delivery.js';
import { actionLanguage } from '../../src/core/feedback.js';
import { detectLanguage, t } from '../../src/core/i18n.js';
import type { IncomingMessage, Language, Reply } from '../../src/core/types.js';
import { groupIdOf } from '../../src/groups/members.js';
import { TerminalPort } from './port.js';
import { fileInLine } from './files.js';

// The terminal as a chat channel (like Hubot's Shell adapter). Lines starting with ':' steer the
// session: who is typing, which thread, editing and deleting earlier messages. Replies go through the
// core's delivery like on every platform (cards updated in place, threads, files).

const LANG: Language = 'nl';

export async function runChat(args: string[], open: () => Promise<Werktafel>): Promise<number> {
  const { values } = parseArgs({ args, options: { als: { type: 'string' }, kanaal: { type: 'string' }, uitvoer: { type: 'string' } } });
  const app = await open();
  const exportDir = path.resolve(values.uitvoer ?? 'exports');
  let user = values.als ?? os.userInfo().username ?? 'ik';
  const channel = values.kanaal ?? 'terminal';
  let thread: string | undefined;
  const port = new TerminalPort(exportDir);
  const delivery = new Delivery(app.bot, port);
  const interactive = process.stdin.isTTY === true;
  const rl = readline.createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, crlfDelay: Infinity });
  const prompt = () => {
    if (interactive) {
      rl.setPrompt(`${user}${thread ? t(LANG, 'cli.chat.prompt_thread', { thread }) : ''}> `);
      rl.prompt();
    }
  };
  const base = (): Pick<IncomingMessage, 'platform' | 'workspace' | 'channel' | 'user'> => ({
    platform: 'cli',
    workspace: 'local',
    channel,
    user: { id: user, name: user },
  });

  const show = async (msg: IncomingMessage, incomingId: string) => {
    let replies: Reply[] = [];
    const to = { groupId: groupIdOf(msg), channel, thread: msg.thread, userId: user, language: detectLanguage(msg.text) };
    await delivery.answer(to, async () => (replies = await app.bot.handle(msg, { io: delivery.io(to) })));
    if (replies.length === 0) console.log(`${t(LANG, 'cli.chat.processed', { id: incomingId })}\n`);
  };

  console.log(`${t(LANG, 'cli.chat.welcome', { user, channel })}\n`);
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) {
      prompt();
      continue;
    }
    if (line.startsWith(':')) {
      const [cmd, arg = '', ...rest] = line.slice(1).split(/\s+/);
      if (cmd === 'stop' || cmd === 'quit' || cmd === 'exit') break;
      else if (cmd === 'als' && arg) user = arg;
      else if (cmd === 'draad') thread = arg === 'kaart' ? port.lastCard : arg || undefined;
      else if (cmd === 'wijzig' && arg) await show({ ...base(), thread, messageId: arg, text: rest.join(' '), kind: 'edit' }, arg);
      else if (cmd === 'knop' && port.lastButtons[Number(arg) - 1]) {
        const { action, value } = port.lastButtons[Number(arg) - 1];
        const pressed = { ...base(), thread, action, value };
        await delivery.answer({ groupId: groupIdOf(pressed), channel, thread, userId: user, language: actionLanguage(value) }, () =>
          app.bot.handleAction(pressed),
        );
      } else if (cmd === 'verwijder' && arg) await show({ ...base(), thread, messageId: arg, text: '', kind: 'delete' }, arg);
      else console.log(t(LANG, 'cli.chat.help'));
      prompt();
      continue;
    }
    const id = port.newId();
    console.log(t(LANG, 'cli.chat.your_message', { id }));
    const { text, files } = fileInLine(line);
    await show({ ...base(), thread, messageId: id, text, ...(files ? { files } : {}) }, id);
    prompt();
  }
  rl.close();
  await app.close();
  return 0;
}

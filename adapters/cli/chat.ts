import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { Werktafel } from '../../src/app.js';
import type { IncomingMessage, Reply } from '../../src/core/types.js';
import { groupIdOf } from '../../src/groups/members.js';
import { renderReply } from './render.js';

// The terminal as a chat channel (like Hubot's Shell adapter). Lines starting with ':' steer the
// session: who is typing, which thread, editing and deleting earlier messages.

const CHAT_HELP = `Terminal-commando's:
  :als <naam>              typ verder als een ander lid (zo speel je een werkgroep na)
  :draad <id>              antwoord in de draad van bericht <id>; :draad zonder id verlaat de draad
  :draad kaart             antwoord in de draad van de laatst geplaatste kaart (handig in een script)
  :wijzig <id> <tekst>     wijzig je eerdere bericht <id>
  :verwijder <id>          verwijder je eerdere bericht <id>
  :stop                    afsluiten
Al het andere gaat naar Werktafel, bijvoorbeeld: help`;

export async function runChat(args: string[], open: () => Promise<Werktafel>): Promise<number> {
  const { values } = parseArgs({ args, options: { als: { type: 'string' }, kanaal: { type: 'string' }, uitvoer: { type: 'string' } } });
  const app = await open();
  const exportDir = path.resolve(values.uitvoer ?? 'exports');
  let user = values.als ?? os.userInfo().username ?? 'ik';
  const channel = values.kanaal ?? 'terminal';
  let thread: string | undefined;
  let lastCardThread: string | undefined;
  let seq = 0;
  const newId = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
  const interactive = process.stdin.isTTY === true;
  const rl = readline.createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, crlfDelay: Infinity });
  const prompt = () => {
    if (interactive) rl.setPrompt(`${user}${thread ? ` [draad ${thread}]` : ''}> `), rl.prompt();
  };
  const base = (): Pick<IncomingMessage, 'platform' | 'workspace' | 'channel' | 'user'> => ({
    platform: 'cli',
    workspace: 'local',
    channel,
    user: { id: user, name: user },
  });

  // Cards with a cardKey are updated in place: the terminal reprints them under the message id
  // they were first posted with, kept by the core like every adapter's card references.
  const show = async (replies: Reply[], incomingId: string) => {
    const groupId = groupIdOf(base());
    for (const r of replies) {
      const known = r.cardKey ? (await app.bot.postedCard<{ id: string }>(groupId, r.cardKey))?.id : undefined;
      const id = known ?? newId();
      // A card placed in the channel opens a thread of its own; other replies go to the current thread.
      const opensThread = !known && (r.placement === 'channel' || Boolean(r.cardKey));
      if (opensThread) {
        if (r.cardKey) await app.bot.cardPosted(groupId, r.cardKey, { id }, id);
        if (r.cardKey) lastCardThread = id;
        else await app.bot.rememberThread(groupId, id);
      }
      if (known) console.log(`\n(kaart ${id} bijgewerkt)`);
      console.log(`\n${renderReply(r)}`);
      if (r.file) {
        fs.mkdirSync(exportDir, { recursive: true });
        const file = path.join(exportDir, r.file.name);
        fs.writeFileSync(file, r.file.bytes ?? r.file.content);
        console.log(`→ ${file}`);
      }
      console.log(opensThread ? `(bericht ${id}; antwoord in de draad met :draad ${id})\n` : known ? '' : `(bericht ${id})\n`);
    }
    if (replies.length === 0) console.log(`(bericht ${incomingId} verwerkt)\n`);
  };

  console.log(`Werktafel — terminal. Je bent ${user} in kanaal ${channel}. Typ help, of :help voor terminal-commando's.\n`);
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
      else if (cmd === 'draad') thread = arg === 'kaart' ? lastCardThread : arg || undefined;
      else if (cmd === 'wijzig' && arg) await show(await app.bot.handle({ ...base(), thread, messageId: arg, text: rest.join(' '), kind: 'edit' }), arg);
      else if (cmd === 'verwijder' && arg) await show(await app.bot.handle({ ...base(), thread, messageId: arg, text: '', kind: 'delete' }), arg);
      else console.log(CHAT_HELP);
      prompt();
      continue;
    }
    const id = newId();
    console.log(`(jouw bericht ${id})`);
    await show(await app.bot.handle({ ...base(), thread, messageId: id, text: line }), id);
    prompt();
  }
  rl.close();
  await app.close();
  return 0;
}

import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../src/core/i18n.js';
import type { Port, Posted } from '../../src/core/port.js';
import type { Button, Reply, SharedFile } from '../../src/core/types.js';
import { renderReply } from './render.js';

// The core's port on a terminal: a post is printed under a new message id, an updated card is printed
// again under the id it was first posted with, a file is written to the export folder.

export class TerminalPort implements Port {
  readonly platform = 'cli' as const;
  private seq = 0;
  /** The thread of the card posted last (`:draad kaart`, handy in a script). */
  lastCard: string | undefined;
  /** The buttons of the last reply that had some (`:knop <n>` presses one). */
  lastButtons: Button[] = [];

  constructor(
    private readonly exportDir: string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  newId(): string {
    return `${Date.now().toString(36)}${(this.seq++).toString(36)}`;
  }

  async post(reply: Reply): Promise<Posted> {
    const id = this.newId();
    // A card, or a reply placed in the channel, opens a thread of its own.
    const opens = reply.placement === 'channel' || Boolean(reply.cardKey);
    if (reply.cardKey) this.lastCard = id;
    if (reply.buttons?.length) this.lastButtons = reply.buttons;
    this.write(`\n${renderReply(reply)}`);
    this.write(`${t(reply.language, opens ? 'cli.chat.opens_thread' : 'cli.chat.message', { id })}\n`);
    return { ref: { id }, messageId: id, ...(opens ? { opened: id } : {}) };
  }

  async update(ref: object, reply: Reply): Promise<boolean> {
    const { id } = ref as { id?: string };
    if (!id) return false;
    this.write(`\n${t(reply.language, 'cli.chat.card_updated', { id })}`);
    this.write(`\n${renderReply(reply)}\n`);
    return true;
  }

  /** A file the member named by its path (adapters/cli/files.ts). */
  async download(file: SharedFile): Promise<Uint8Array> {
    return new Uint8Array(await fs.promises.readFile(file.ref));
  }

  async upload(reply: Reply): Promise<void> {
    fs.mkdirSync(this.exportDir, { recursive: true });
    const file = path.join(this.exportDir, reply.file!.name);
    fs.writeFileSync(file, reply.file!.bytes ?? reply.file!.content);
    this.write(`→ ${file}`);
  }
}

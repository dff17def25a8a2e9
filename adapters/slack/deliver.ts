import type { Bot } from '../../src/core/bot.js';
import { t } from '../../src/core/i18n.js';
import type { Reply } from '../../src/core/types.js';
import { renderReply, type RenderedMessage } from './blocks.js';
import type { WebClient } from './client.js';

// Posts rendered replies: in the thread, at top level, ephemeral, as a card updated in place, or as a file.

export interface Destination {
  channel: string;
  /** Thread to answer in; undefined posts at top level (direct message, slash command). */
  thread?: string;
  /** The user who asked, for ephemeral replies. */
  userId: string;
  groupId: string;
  /** Slash commands: where to answer when the bot is not a member of the channel. */
  responseUrl?: string;
}

interface CardRef {
  channel: string;
  ts: string;
}

/** The Slack error code of a failed Web API call (`not_in_channel`, `message_not_found`, ...). */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

const isDirectChannel = (channel: string) => channel.startsWith('D');

export class ReplyPoster {
  constructor(
    private readonly client: WebClient,
    private readonly bot: Bot,
  ) {}

  async deliver(replies: Reply[], to: Destination): Promise<void> {
    for (const reply of replies) await this.deliverOne(reply, to);
  }

  private async deliverOne(reply: Reply, to: Destination): Promise<void> {
    const msg = renderReply(reply);
    if (reply.ephemeral) {
      await this.client.chat.postEphemeral({ channel: to.channel, user: to.userId, thread_ts: to.thread, ...msg });
      if (reply.file) await this.upload(reply, to, to.thread);
      return;
    }
    const thread = reply.placement === 'channel' ? undefined : to.thread;
    const ts = reply.cardKey ? await this.postOrUpdateCard(reply.cardKey, msg, to, thread) : await this.post(msg, to, thread);
    if (reply.file && ts !== undefined) await this.upload(reply, to, thread ?? ts);
  }

  /** Posts one message; a top-level post in a channel opens a thread the bot follows. */
  private async post(msg: RenderedMessage, to: Destination, thread: string | undefined): Promise<string | undefined> {
    let ts: string | undefined;
    try {
      const r = await this.client.chat.postMessage({ channel: to.channel, thread_ts: thread, unfurl_links: false, ...msg });
      ts = r.ts;
    } catch (err) {
      if (to.responseUrl && ['not_in_channel', 'channel_not_found'].includes(slackErrorCode(err) ?? '')) {
        await this.respond(to.responseUrl, msg);
        return undefined;
      }
      throw err;
    }
    if (ts && !thread && !isDirectChannel(to.channel)) await this.bot.rememberThread(to.groupId, ts);
    return ts;
  }

  /** A slash command in a channel the bot is not in: answer through the command's response_url. */
  private async respond(responseUrl: string, msg: RenderedMessage): Promise<void> {
    const r = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'in_channel', ...msg }),
    });
    if (!r.ok) throw new Error(`response_url answered ${r.status}`);
  }

  /**
   * Cards are stored in posted_cards (group, key) → {channel, ts}, so any instance can update them.
   * A card that was deleted in Slack is posted again.
   */
  private async postOrUpdateCard(key: string, msg: RenderedMessage, to: Destination, thread: string | undefined): Promise<string | undefined> {
    const ref = await this.bot.postedCard<CardRef>(to.groupId, key);
    if (ref?.channel && ref.ts) {
      try {
        await this.client.chat.update({ channel: ref.channel, ts: ref.ts, ...msg });
        return ref.ts;
      } catch (err) {
        if (!['message_not_found', 'cant_update_message', 'channel_not_found'].includes(slackErrorCode(err) ?? '')) throw err;
      }
    }
    const ts = await this.post(msg, to, thread);
    // A card posted at top level opens a thread of its own (a step's checklist is answered there).
    if (ts) await this.bot.cardPosted(to.groupId, key, { channel: to.channel, ts } satisfies CardRef, thread ? undefined : ts);
    return ts;
  }

  private async upload(reply: Reply, to: Destination, thread: string | undefined): Promise<void> {
    const file = reply.file!;
    try {
      const upload = { file: file.bytes ? Buffer.from(file.bytes) : Buffer.from(file.content, 'utf8'), filename: file.name, title: file.name };
      await (thread
        ? this.client.files.uploadV2({ ...upload, channel_id: to.channel, thread_ts: thread })
        : this.client.files.uploadV2({ ...upload, channel_id: to.channel }));
    } catch (err) {
      console.error('[werktafel] slack: file upload failed:', slackErrorCode(err) ?? (err as Error).message);
      await this.client.chat.postMessage({ channel: to.channel, thread_ts: thread, text: t(reply.language, 'slack.file_failed', { name: file.name }) });
    }
  }
}

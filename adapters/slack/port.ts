import { log } from '../../src/log.js';
import { t } from '../../src/core/i18n.js';
import type { Port, Posted } from '../../src/core/port.js';
import type { Reply, ReplyStream, SharedFile } from '../../src/core/types.js';
import { renderReply, type RenderedMessage } from './blocks.js';
import type { WebClient } from './client.js';
import { downloadSlackFile } from './files.js';
import { streamAnswer } from './stream.js';
import { slackErrorCode, type SlackTarget } from './target.js';

// The core's port on the Slack Web API: post (in a thread, at top level, ephemeral), update a card, upload a file.

interface CardRef {
  channel: string;
  ts: string;
}

const isDirectChannel = (channel: string) => channel.startsWith('D');
const GONE = ['message_not_found', 'cant_update_message', 'channel_not_found'];

export class SlackPort implements Port<SlackTarget> {
  readonly platform = 'slack' as const;

  constructor(private readonly client: WebClient) {}

  async post(reply: Reply, to: SlackTarget): Promise<Posted | null> {
    const msg = renderReply(reply);
    if (reply.ephemeral) {
      await this.client.chat.postEphemeral({ channel: to.channel, user: to.userId, thread_ts: to.thread, ...msg });
      return null;
    }
    let ts: string | undefined;
    try {
      ts = (await this.client.chat.postMessage({ channel: to.channel, thread_ts: to.thread, unfurl_links: false, ...msg })).ts;
    } catch (err) {
      if (to.responseUrl && ['not_in_channel', 'channel_not_found'].includes(slackErrorCode(err) ?? '')) {
        await respond(to.responseUrl, msg);
        return null;
      }
      throw err;
    }
    if (!ts) return null;
    // A top-level post in a channel opens a thread; in a direct message only a card does.
    const opens = !to.thread && (Boolean(reply.cardKey) || !isDirectChannel(to.channel));
    return { ref: { channel: to.channel, ts } satisfies CardRef, messageId: ts, ...(opens ? { opened: ts } : {}) };
  }

  download(file: SharedFile): Promise<Uint8Array> {
    return downloadSlackFile(this.client, file);
  }

  async update(ref: object, reply: Reply): Promise<boolean> {
    const { channel, ts } = ref as CardRef;
    if (!channel || !ts) return false;
    try {
      await this.client.chat.update({ channel, ts, ...renderReply(reply) });
      return true;
    } catch (err) {
      if (GONE.includes(slackErrorCode(err) ?? '')) return false;
      throw err;
    }
  }

  async upload(reply: Reply, to: SlackTarget): Promise<void> {
    const file = reply.file!;
    try {
      const upload = {
        file: file.bytes ? Buffer.from(file.bytes) : Buffer.from(file.content, 'utf8'),
        filename: file.name,
        title: file.name,
      };
      await (to.thread
        ? this.client.files.uploadV2({ ...upload, channel_id: to.channel, thread_ts: to.thread })
        : this.client.files.uploadV2({ ...upload, channel_id: to.channel }));
    } catch (err) {
      log
        .child({ group: to.groupId, platform: 'slack' })
        .error({ code: slackErrorCode(err) ?? (err as Error).message }, 'file upload failed');
      await this.client.chat.postMessage({
        channel: to.channel,
        thread_ts: to.thread,
        text: t(reply.language, 'slack.file_failed', { name: file.name }),
      });
    }
  }

  stream(reply: Reply & { stream: ReplyStream }, to: SlackTarget, started?: (ref: object) => Promise<void>): Promise<Posted | null> {
    return streamAnswer(this.client, reply, to, undefined, started);
  }

  explain(err: unknown): string | undefined {
    return slackErrorCode(err) === 'not_in_channel' ? 'slack.not_in_channel' : undefined;
  }
}

/** A slash command in a channel the bot is not in: answer through the command's response_url. */
async function respond(responseUrl: string, msg: RenderedMessage): Promise<void> {
  const r = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'in_channel', ...msg }),
  });
  if (!r.ok) throw new Error(`response_url answered ${r.status}`);
}

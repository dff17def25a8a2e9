import type { webApi } from '@slack/bolt';
import type { Posted } from '../../src/core/port.js';
import type { ReplyStream } from '../../src/core/stream.js';
import type { Reply } from '../../src/core/types.js';
import { log } from '../../src/log.js';
import { renderReply, tailBlocks } from './blocks.js';
import type { WebClient } from './client.js';
import { slackErrorCode, type SlackTarget } from './port.js';
import { toStreamMarkdown } from './text.js';

// A generated answer shown while it is written: chat.startStream with the first text, appendStream
// at most a few times a second, stopStream with the AI note, sources and 👍/👎. When the final
// answer is not the streamed text continued (the model failed midway, or abstained), the message
// is replaced by it, so nothing half-written stays. SlackPort.stream (port.ts) calls this.

/** Slack rate-limits appendStream: text is gathered and sent at most this often. */
export const APPEND_INTERVAL_MS = 400;

/** Streams an answer into `to.thread`; null when nothing was shown (no thread, or Slack refused): the core posts it whole. */
export async function streamAnswer(
  client: WebClient,
  reply: Reply & { stream: ReplyStream },
  to: SlackTarget,
  intervalMs = APPEND_INTERVAL_MS,
  started?: (ref: object) => Promise<void>,
): Promise<Posted | null> {
  // Slack streams only into a thread; elsewhere the answer is posted whole, as before.
  if (!to.thread) {
    for await (const _ of reply.stream.deltas);
    return null;
  }
  const live = new LiveMessage(client, intervalMs, {
    channel: to.channel,
    thread_ts: to.thread,
    ...(to.channel.startsWith('D') ? {} : { recipient_team_id: to.team, recipient_user_id: to.userId }),
  });
  const ticker = setInterval(() => void live.flush(false).catch(() => undefined), intervalMs / 4);
  try {
    let first = true;
    for await (const delta of reply.stream.deltas) {
      live.add(delta);
      // The first words go out at once; later ones wait for the ticker.
      if (first) {
        await live.flush(true);
        // Where the half-written message is, should this process die before it is finished.
        if (live.ts) await started?.({ channel: to.channel, ts: live.ts });
      }
      first = false;
    }
  } finally {
    clearInterval(ticker);
  }
  // What is still gathered goes out with the stop.
  const final = await reply.stream.final;
  await live.settled();
  if (!live.ts) return null;
  await live.finish(final);
  return { ref: { channel: to.channel, ts: live.ts }, messageId: live.ts };
}

/** One streamed message: gathers text and sends it in order, one Web API call at a time. */
class LiveMessage {
  private streamer?: webApi.ChatStreamer;
  private pending = '';
  private shown = '';
  private sending: Promise<void> = Promise.resolve();
  private sentAt = 0;
  private failed = false;

  constructor(
    private readonly client: WebClient,
    private readonly intervalMs: number,
    private readonly args: { channel: string; thread_ts: string; recipient_team_id?: string; recipient_user_id?: string },
  ) {}

  /** The streamed message, once Slack started it. */
  get ts(): string | undefined {
    return this.streamer?.ts;
  }

  /** Resolves when every send so far is done. */
  settled(): Promise<void> {
    return this.sending;
  }

  add(text: string): void {
    this.pending += text;
  }

  /** Sends what has gathered (startStream the first time, appendStream after); unless `now`, not sooner than the interval. */
  flush(now: boolean): Promise<void> {
    this.sending = this.sending.then(async () => {
      if (this.failed || !this.pending || (!now && performance.now() - this.sentAt < this.intervalMs)) return;
      this.sentAt = performance.now();
      const text = this.pending;
      this.pending = '';
      // buffer_size 1: every append is sent; the gathering and pacing happen here.
      this.streamer ??= this.client.chatStream({ ...this.args, buffer_size: 1 });
      try {
        await this.streamer.append({ markdown_text: toStreamMarkdown(text) });
        this.shown += text;
      } catch (err) {
        // The rest of the answer comes whole at the end (finish replaces the message, or it is posted).
        this.failed = true;
        log.warn({ platform: 'slack', error: slackErrorCode(err) ?? (err as Error).message }, 'streaming the answer failed');
      }
    });
    return this.sending;
  }

  /** Ends the stream with the final reply: the text not yet shown and its blocks, or a replacement. */
  async finish(final: Reply): Promise<void> {
    await this.settled();
    const streamer = this.streamer!;
    const shown = this.shown.trimEnd();
    if (!this.failed && final.text.startsWith(shown)) {
      const rest = final.text.slice(shown.length);
      await streamer.stop({ ...(rest ? { markdown_text: toStreamMarkdown(rest) } : {}), blocks: tailBlocks(final) });
      return;
    }
    // Replaced by the final reply; a stream Slack broke off may refuse the stop, not the update.
    await streamer.stop().catch(() => undefined);
    await this.client.chat.update({ channel: this.args.channel, ts: streamer.ts!, ...renderReply(final) });
  }
}

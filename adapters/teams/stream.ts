import { StreamingResponse } from '@microsoft/teams-ai';
import type { Activity, Entity, TurnContext } from 'botbuilder';
import type { Bot } from '../../src/core/bot.js';
import { t } from '../../src/core/i18n.js';
import { isStreaming, type ReplyStream, type StreamingReplyPort } from '../../src/core/stream.js';
import type { Reply } from '../../src/core/types.js';
import { answerKey, type DeliverOptions, type Destination, type ReplyDeliverer } from './deliver.js';
import { chatMarkdown, renderReply } from './render.js';

// A generated answer shown while it is written, in personal chats: Teams AI's StreamingResponse
// sends "Ik zoek in de documenten…" and then the growing text (it paces the updates itself); the
// final message, with the AI label, citations and feedback, is our own rendering of the final
// reply sent as the end of the same stream, so it replaces whatever was streamed. Channels and
// group chats do not stream: one message, as before.

type Turn = { ctx: TurnContext; opts: DeliverOptions };

export class TeamsStreamPort implements StreamingReplyPort<Destination & Turn> {
  constructor(
    private readonly bot: Bot,
    private readonly deliverer: ReplyDeliverer,
  ) {}

  /** Delivers replies, streaming those that come as a stream. */
  async deliver(ctx: TurnContext, replies: Reply[], to: Destination, opts: DeliverOptions = {}): Promise<void> {
    for (const reply of replies) {
      if (isStreaming(reply)) await this.stream(reply, { ...to, ctx, opts });
      else await this.deliverer.deliver(ctx, [reply], to, opts);
    }
  }

  async stream(reply: Reply & { stream: ReplyStream }, to: Destination & Turn): Promise<void> {
    const { ctx, opts } = to;
    if (to.place.surface !== 'personal') {
      for await (const _ of reply.stream.deltas);
      return this.deliverer.deliver(ctx, [await reply.stream.final], to, opts);
    }
    opts.beforeSend?.();
    const live = new StreamingResponse(ctx);
    live.queueInformativeUpdate(t(reply.language, 'teams.searching'));
    for await (const delta of reply.stream.deltas) live.queueTextChunk(chatMarkdown(delta));
    const final = await reply.stream.final;
    try {
      await live.waitForQueue();
    } catch {
      // The stream broke off (Teams refused an update): the answer still arrives as a message of its own.
      return this.deliverer.deliver(ctx, [final], to, opts);
    }
    await this.finish(ctx, live.streamId, final, to);
  }

  /** Sends the final reply as the stream's final message (same id), and keeps its answer for 👍/👎. */
  private async finish(ctx: TurnContext, streamId: string | undefined, final: Reply, to: Destination): Promise<void> {
    const activity = renderReply(final, { surface: 'personal' });
    if (streamId) {
      const info = { streamId, streamType: 'final' };
      activity.id = streamId;
      activity.channelData = { ...activity.channelData, ...info };
      activity.entities = [{ type: 'streaminfo', ...info } as Entity, ...(activity.entities ?? [])];
    }
    const res = await ctx.sendActivity(activity as Partial<Activity>);
    const id = streamId ?? res?.id;
    if (final.answerId && id) {
      await this.bot.cardPosted(to.groupId, answerKey(id), { answerId: final.answerId, language: final.language });
    }
  }
}

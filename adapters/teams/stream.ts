import { StreamingResponse } from '@microsoft/teams-ai';
import { t } from '../../src/core/i18n.js';
import type { Posted } from '../../src/core/port.js';
import type { Reply, ReplyStream } from '../../src/core/types.js';
import type { TeamsTarget } from './target.js';
import { chatMarkdown, renderReply } from './render.js';

// A generated answer shown while it is written, in personal chats: Teams AI's StreamingResponse
// sends "Ik zoek in de documenten…" and then the growing text (it paces the updates itself); the
// final message, with the AI label, citations and feedback, is our own rendering of the final
// reply sent as the end of the same stream, so it replaces whatever was streamed. Channels and
// group chats do not stream: the core posts one message, as before. TeamsPort.stream calls this.

export async function streamAnswer(
  reply: Reply & { stream: ReplyStream },
  to: TeamsTarget,
  started?: (ref: object) => Promise<void>,
): Promise<Posted | null> {
  const { ctx } = to;
  if (to.place.surface !== 'personal') {
    for await (const _ of reply.stream.deltas);
    return null;
  }
  to.beforeSend?.();
  const live = new StreamingResponse(ctx);
  live.queueInformativeUpdate(t(reply.language, 'teams.searching'));
  // Once Teams gave the stream its id: where the half-written message is, should this process die.
  if (started) {
    await live.waitForQueue().catch(() => undefined);
    if (live.streamId) await started({ conversationId: ctx.activity.conversation.id, activityId: live.streamId });
  }
  for await (const delta of reply.stream.deltas) live.queueTextChunk(chatMarkdown(delta));
  const final = await reply.stream.final;
  try {
    await live.waitForQueue();
  } catch {
    // The stream broke off (Teams refused an update): the core posts the answer as a message of its own.
    return null;
  }
  // The final reply as the stream's final message (same id).
  const activity = renderReply(final, { surface: 'personal' });
  const streamId = live.streamId;
  if (streamId) {
    const info = { streamId, streamType: 'final' };
    activity.id = streamId;
    activity.channelData = { ...activity.channelData, ...info };
    activity.entities = [{ type: 'streaminfo', ...info }, ...(activity.entities ?? [])];
  }
  const res = await ctx.sendActivity(activity);
  const id = streamId ?? res?.id;
  return id ? { ref: { conversationId: ctx.activity.conversation.id, activityId: id }, messageId: id } : null;
}

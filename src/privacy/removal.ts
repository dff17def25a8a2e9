import type { Services } from '../core/feature.js';
import { log } from '../log.js';
import { cancelErasure, scheduleErasure, type Where } from './schedule.js';
import { groupIdOf } from '../groups/members.js';

// The platform told us the bot is gone from a place (app uninstalled, channel deleted, bot removed
// from a conversation): the groups there are erased after the grace period, unless the bot comes back.

export async function botRemoved(services: Services, where: Where, reason: string): Promise<string[]> {
  const groups = await scheduleErasure(services.db, where, reason, services.config.privacy.erasureGraceDays);
  log
    .child({ platform: where.platform })
    .info({ reason, groups: groups.length, graceDays: services.config.privacy.erasureGraceDays }, 'erasure scheduled');
  return groups;
}

export async function botReturned(
  services: Services,
  place: { platform: 'slack' | 'teams'; workspace: string; channel: string },
): Promise<boolean> {
  return cancelErasure(services.db, groupIdOf(place));
}

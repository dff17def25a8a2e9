import type { Membership } from '../core/group.js';
import type { Queryable } from '../storage/db.js';
import { learnLanguage } from './language.js';
import { touchMember } from './members.js';

/** The groups module as the bot's Membership service (wired in src/app.ts). */
export function membership(db: Queryable): Membership {
  return {
    touch: (place) => touchMember(db, place),
    learnLanguage: (groupId, text) => learnLanguage(db, groupId, text),
  };
}

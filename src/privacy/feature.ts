import type { Command, Feature } from '../core/feature.js';
import { t } from '../core/i18n.js';
import type { Reply } from '../core/types.js';
import { claimProjectLeader, listMembers, memberLabel } from '../groups/members.js';
import { exportGroup } from './export.js';
import { countsLine } from './kinds.js';

// `gegevens`: the project leader sees what is stored for the group, how long it is kept, and gets
// everything as a zip (the same archive as `werktafel groep export`).

const gegevens: Command = {
  name: 'gegevens',
  helpKey: 'privacy.help',
  async run(ctx): Promise<Reply[]> {
    const { lang, services, groupId } = ctx;
    if (!(await claimProjectLeader(services.db, ctx.member))) {
      const leaders = (await listMembers(services.db, groupId)).filter((m) => m.role === 'projectleider').map(memberLabel);
      return [{ text: t(lang, 'privacy.not_leader', { names: leaders.join(', ') }), language: lang, ephemeral: true }];
    }
    const archive = await exportGroup(services, groupId, lang);
    if (!archive) return [{ text: t(lang, 'privacy.empty'), language: lang }];
    const { privacy } = services.config;
    const lines = [
      t(lang, 'privacy.stored', { counts: countsLine(lang, archive.counts) }),
      t(lang, 'privacy.retention', { days: privacy.retentionDays, eventDays: privacy.eventDays }),
      t(lang, 'privacy.erase_how', { group: groupId }),
      t(lang, 'privacy.file', { name: archive.name }),
    ];
    return [
      {
        text: lines.join('\n\n'),
        language: lang,
        file: { name: archive.name, mime: 'application/zip', content: archive.readme, bytes: archive.bytes },
      },
    ];
  },
};

export const privacyFeature: Feature = {
  name: 'privacy',
  commands: [gegevens],
};

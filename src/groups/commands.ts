import type { Command, Feature } from '../core/feature.js';
import { t } from '../core/i18n.js';
import type { Language } from '../core/types.js';
import { findMentions } from '../core/mentions.js';
import { splitOrganisation } from './kinds.js';
import { leadersLabel } from './leaders.js';
import { claimProjectLeader, listMembers, memberLabel, setOrganisation, setRole } from './members.js';

const MAX_ORG = 120;

const kindSuffix = (kind: string | null, lang: Language) => (kind ? ` (${t(lang, `steps.kind.${kind}`)})` : '');

const organisatie: Command = {
  name: 'organisatie',
  helpKey: 'org.help',
  async run(ctx) {
    const { lang, member } = ctx;
    const reply = (text: string) => [{ text, language: lang }];
    if (!ctx.args) {
      if (!member.organisation) return reply(t(lang, 'org.none'));
      return reply(t(lang, 'org.show', { organisation: member.organisation, kind: kindSuffix(member.orgKind, lang) }));
    }
    const { name, kind } = splitOrganisation(ctx.args);
    if (name.length > MAX_ORG) return reply(t(lang, 'org.too_long', { max: MAX_ORG }));
    const updated = await setOrganisation(ctx.services.db, ctx.groupId, member.userId, name, kind);
    return reply(t(lang, 'org.set', { organisation: updated.organisation ?? name, kind: kindSuffix(updated.orgKind, lang) }));
  },
};

const rol: Command = {
  name: 'rol',
  helpKey: 'role.help',
  async run(ctx) {
    const { lang, member, services } = ctx;
    const reply = (text: string) => [{ text, language: lang }];
    const [roleWord] = ctx.args.split(/\s+/);
    const role = roleWord?.toLowerCase();
    if (!roleWord) {
      const leaders = (await listMembers(services.db, ctx.groupId)).filter((m) => m.role === 'projectleider');
      return reply(leaders.length ? t(lang, 'role.list', { names: leaders.map(memberLabel).join(', ') }) : t(lang, 'role.none'));
    }
    const mentions = findMentions(ctx.args);
    const target =
      role === 'projectleider' || role === 'project-leader' || role === 'projectleader'
        ? 'projectleider'
        : role === 'lid' || role === 'member'
          ? 'lid'
          : null;
    if (!target || mentions.length === 0) return reply(t(lang, 'role.usage'));
    if (!(await claimProjectLeader(services.db, member)))
      return reply(t(lang, 'role.not_leader', { leaders: await leadersLabel(services.db, ctx.groupId) }));
    const lines: string[] = [];
    for (const m of mentions) {
      const updated = await setRole(services.db, ctx.groupId, m.userId, target, m.name);
      lines.push(t(lang, 'role.set', { name: memberLabel(updated), role: target }));
    }
    return reply(lines.join('\n'));
  },
};

export const groupsFeature: Feature = {
  name: 'groups',
  commands: [organisatie, rol],
};

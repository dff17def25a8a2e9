import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimProjectLeader, listMembers, touchMember } from '../src/groups/members.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';

describe.each(backends)('working-group members on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(kind);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const member = (channel: string, id: string) => touchMember(t.db, { platform: 'cli', workspace: 'w', channel, user: { id, name: id } });

  it('makes exactly one of several members racing for it the first project leader', async () => {
    const members = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => member('race', id)));
    const results = await Promise.all(members.map((m) => claimProjectLeader(t.db, m)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const leaders = (await listMembers(t.db, 'cli:w:race')).filter((m) => m.role === 'projectleider');
    expect(leaders).toHaveLength(1);
    // The leader keeps the role; the others stay members.
    const leader = members[results.indexOf(true)];
    expect(await claimProjectLeader(t.db, leader)).toBe(true);
    expect(await claimProjectLeader(t.db, await member('race', 'f'))).toBe(false);
  });

  it('keeps roles per group', async () => {
    const other = await member('elsewhere', 'b');
    expect(await claimProjectLeader(t.db, other)).toBe(true);
  });
});

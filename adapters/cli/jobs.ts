import type { Werktafel } from '../../src/app.js';
import { t } from '../../src/core/i18n.js';
import { deadJobs } from '../../src/core/jobs.js';

// `werktafel jobs`: the work given up on (dead letters) for an administrator — platform, group, when,
// how often it was taken and the last error. Never what the member wrote: that is gone with the job.

export const JOBS_USAGE = `  werktafel jobs                             opgegeven berichten (dead letters) / messages given up on`;

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '');

export async function jobsCommand(open: () => Promise<Werktafel>): Promise<number> {
  const app = await open();
  try {
    const dead = await deadJobs(app.db);
    if (dead.length === 0) {
      console.log(t('nl', 'jobs.cli.none'));
      return 0;
    }
    console.log(t('nl', 'jobs.cli.header'));
    for (const j of dead) console.log([j.id, j.platform, j.groupId ?? '—', when(j.createdAt), j.attempts, j.lastError ?? ''].join('\t'));
    return 0;
  } finally {
    await app.close();
  }
}

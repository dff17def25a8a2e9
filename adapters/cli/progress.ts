import cliProgress from 'cli-progress';
import { t } from '../../src/core/i18n.js';
import type { IngestProgress } from '../../src/ingest/ingest.js';

/** A progress bar on a terminal; silent when output is piped (JSON consumers, CI). */
export function progressBar(): IngestProgress | undefined {
  if (!process.stderr.isTTY) return undefined;
  let bar: cliProgress.SingleBar | undefined;
  return (e) => {
    if (e.phase === 'start' && e.total > 0) {
      bar = new cliProgress.SingleBar(
        { format: t('nl', 'cli.ingest_progress'), stream: process.stderr, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(e.total, 0, { file: '' });
    } else if (e.phase === 'document') {
      bar?.update(e.done, { file: e.file ?? '' });
    } else if (e.phase === 'done') {
      bar?.stop();
      bar = undefined;
    }
  };
}

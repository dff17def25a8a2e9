import { t } from '../src/core/i18n.js';
import { log } from '../src/log.js';
import { startServer } from './server.js';

// `npm start`: the server with every configured adapter; Ctrl-C stops it cleanly (the data directory lock is released).
const running = await startServer().catch((err: Error) => {
  log.fatal({ err: err.message }, 'werktafel could not start');
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info(t('nl', 'server.stopping'));
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

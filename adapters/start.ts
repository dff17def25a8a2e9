import { startServer } from './server.js';

// `npm start`: the server with every configured adapter; Ctrl-C stops it cleanly (the data directory lock is released).
const running = await startServer().catch((err: Error) => {
  console.error(`werktafel: ${err.message}`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log('\nWerktafel stopt…');
    running.close().then(() => process.exit(0), () => process.exit(1));
  });
}

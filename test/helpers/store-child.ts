import { addGroupDocument } from '../../src/documents/store.js';
import { openDb } from '../../src/storage/db.js';

// A process that stores a group document staged and stops after its first batch of passages, saying so on stdout,
// for test/documents-staged.test.ts to SIGKILL it there. Reads WERKTAFEL_DATA_DIR (or DATABASE_URL), the group,
// the title and the Markdown text from the environment.

const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.WERKTAFEL_DATA_DIR! });
const group = process.env.STORE_GROUP!;
await db.query("INSERT INTO groups (id, platform, workspace, channel) VALUES ($1, 'slack', 'T1', 'CCRASH') ON CONFLICT DO NOTHING", [
  group,
]);
await addGroupDocument(
  db,
  group,
  { file: 'woonvisie.md', title: process.env.STORE_TITLE, text: process.env.STORE_TEXT!, addedBy: 'U1' },
  {
    onBatch: async (stored) => {
      if (stored !== 1) return;
      process.stdout.write('staged\n');
      await new Promise(() => undefined);
    },
  },
);

import { createWerktafel } from './src/app.js';
const app = await createWerktafel({ features: [] });
for (const q of process.argv.slice(2)) {
  const a = await app.services.qa.answer(q, { k: 5 });
  console.log(`\n### ${q}\n${a.abstained ? '[ABST] ' : ''}${a.answer}\n${a.citations.map(c => c.n + ' ' + c.label + ' | ' + c.section + ' | ' + c.kind + ' ' + c.page).join('\n')}`);
}
await app.close();

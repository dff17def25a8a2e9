import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { strFromU8, unzipSync } from 'fflate';
import { buildPackage, MANIFEST_FILE, syncedTemplate } from '../adapters/teams/package/manifest.js';

// `npm run teams:package`: teams-package/werktafel.zip (manifest.json + icons) for sideloading,
// with the bot id from MICROSOFT_APP_ID. `--sync` only refreshes manifest.json's command lists
// from the locales (run it after changing a help text).

const sync = process.argv.includes('--sync');
if (sync) {
  fs.writeFileSync(MANIFEST_FILE, `${JSON.stringify(syncedTemplate(), null, 2)}\n`);
  console.log(`manifest.json: command lists bijgewerkt uit locales/`);
  process.exit(0);
}

const botId = process.env.MICROSOFT_APP_ID?.trim();
if (!botId) {
  console.error('teams:package: zet MICROSOFT_APP_ID (de Application (client) ID van je Azure Bot). Zie README.md, “Microsoft Teams”.');
  process.exit(1);
}
try {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const zipped = buildPackage({
    botId,
    appId: process.env.TEAMS_APP_ID?.trim(),
    version: process.env.TEAMS_APP_VERSION?.trim() || pkg.version,
  });
  const outDir = path.join(PROJECT_ROOT, 'teams-package');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, 'werktafel.zip');
  fs.writeFileSync(out, zipped);
  const manifest = JSON.parse(strFromU8(unzipSync(zipped)['manifest.json'])) as { id: string; version: string };
  console.log(`${path.relative(process.cwd(), out)}: app ${manifest.id}, versie ${manifest.version}, bot ${botId}`);
  console.log('Upload dit bestand in Teams: Apps → Apps beheren → Een app uploaden.');
} catch (err) {
  console.error(`teams:package: ${(err as Error).message}`);
  process.exit(1);
}

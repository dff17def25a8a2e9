import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { t } from '../../../src/core/i18n.js';
import { strToU8, zipSync } from 'fflate';
import { starters } from '../../../src/core/starters.js';

// The Teams app manifest (manifest.json at the top level) and the app package (zip).

export const MANIFEST_FILE = path.join(PROJECT_ROOT, 'manifest.json');
export const ICON_DIR = path.join(PROJECT_ROOT, 'adapters', 'teams', 'icons');
export const BOT_ID_PLACEHOLDER = '${{MICROSOFT_APP_ID}}';
export const APP_ID_PLACEHOLDER = '${{TEAMS_APP_ID}}';

/** Command word → the locale key of its help line (the core's helpKey). */
const COMMANDS: [string, string][] = [
  ['vraag', 'qa.help'],
  ['help', 'help.help'],
  ['start', 'steps.cmd.start'],
  ['voortgang', 'steps.cmd.progress'],
  ['export', 'help.export'],
  ['organisatie', 'org.help'],
  ['begrip', 'glossary.help.term'],
  ['begrippen', 'glossary.help.terms'],
  ['besluit', 'decisions.help.decision'],
  ['besluiten', 'decisions.help.decisions'],
  ['rol', 'role.help'],
];

/** Teams shows up to 10 commands per scope (manifest 1.17). */
const MAX_PER_SCOPE = 10;

/** "`vraag <vraag>` — of stel …" → "vraag <vraag>: of stel …", within Teams' 128 characters. */
export function commandDescription(key: string): string {
  const help = t('nl', key);
  if (help === key) return '';
  const [usage, ...rest] = help.split(' — ');
  const text = `${usage.replace(/`/g, '')}: ${rest.join(' — ').replace(/`/g, '')}`.replace(/\s+/g, ' ').trim();
  return text.length <= 128 ? text : `${text.slice(0, 127).trimEnd()}…`;
}

export interface CommandEntry {
  title: string;
  description: string;
}

/** Teams sends a starter's title: the question itself when it fits in Teams' 32 characters, else its short form. */
export function promptStarters(): CommandEntry[] {
  return starters('nl').prompts.map((p) => {
    const title = p.message.length <= 32 ? p.message : p.title;
    return { title, description: p.message === title ? p.title : p.message };
  });
}

/**
 * Personal chat has no use for `rol` (roles belong to a group); channels and group chats drop
 * `help` (mentioning the bot without text shows it anyway). That keeps both lists at 10.
 */
export function commandLists(): { scopes: string[]; commands: CommandEntry[] }[] {
  const all = COMMANDS.map(([title, key]) => ({ title, description: commandDescription(key) || title }));
  // Personal chat opens with the prompt starters (knowledge/assistant, as Slack's panel), then the commands.
  const starting = [...promptStarters(), ...all.filter((c) => c.title !== 'rol')];
  const personal = starting.filter((c, i) => starting.findIndex((o) => o.title === c.title) === i).slice(0, MAX_PER_SCOPE);
  const group = all.filter((c) => c.title !== 'help').slice(0, MAX_PER_SCOPE);
  return [
    { scopes: ['personal'], commands: personal },
    { scopes: ['team', 'groupChat'], commands: group },
  ];
}

export function readManifestTemplate(): Record<string, any> {
  return JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as Record<string, any>;
}

/** The template with its command lists refreshed from the locales (placeholders kept). */
export function syncedTemplate(template = readManifestTemplate()): Record<string, any> {
  const out = structuredClone(template);
  out.bots[0].commandLists = commandLists();
  return out;
}

/** A stable Teams app id for a bot id, so re-packaging updates the same app instead of adding one. */
export function appIdFor(botId: string): string {
  const h = createHash('sha1').update(`werktafel-teams-app:${botId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PackageOptions {
  botId: string;
  appId?: string;
  version?: string;
}

export function filledManifest(opts: PackageOptions): Record<string, any> {
  if (!GUID.test(opts.botId)) throw new Error(`MICROSOFT_APP_ID moet een GUID zijn (kreeg '${opts.botId}')`);
  const appId = opts.appId || appIdFor(opts.botId);
  if (!GUID.test(appId)) throw new Error(`TEAMS_APP_ID moet een GUID zijn (kreeg '${appId}')`);
  const text = JSON.stringify(syncedTemplate()).split(BOT_ID_PLACEHOLDER).join(opts.botId).split(APP_ID_PLACEHOLDER).join(appId);
  const manifest = JSON.parse(text) as Record<string, any>;
  if (opts.version) manifest.version = opts.version;
  return manifest;
}

/**
 * The app package: manifest.json and the icons it names, at the top level of a zip as Teams expects.
 * The icons are drawn as SVG in ICON_DIR and kept there rendered to PNG (README, "Microsoft Teams").
 */
export function buildPackage(opts: PackageOptions): Buffer {
  const manifest = filledManifest(opts);
  const files: Record<string, Uint8Array> = { 'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`) };
  for (const icon of Object.values(manifest.icons as Record<string, string>)) files[icon] = fs.readFileSync(path.join(ICON_DIR, icon));
  return Buffer.from(zipSync(files, { level: 9 }));
}

// Idempotent first-run setup: installs dependencies when missing or out of date, generates the
// Firestore emulator shim jar when the Cloud SDK's emulator is present, and builds the functions.
// Safe to run before every command; does little when everything is current.
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, FUNCTIONS, WEB, SDK_FIRESTORE_JAR, FIRESTORE_SHIM_JAR, mustRun, run } from './env.mjs';

const quiet = process.argv.includes('--quiet');
const log = (m) => { if (!quiet) console.log(`[setup] ${m}`); };

function newer(a, b) {
  return !existsSync(b) || (existsSync(a) && statSync(a).mtimeMs > statSync(b).mtimeMs);
}

async function install(dir) {
  const marker = path.join(dir, 'node_modules', '.package-lock.json');
  const lock = path.join(dir, 'package-lock.json');
  if (existsSync(marker) && !newer(lock, marker)) return;
  log(`installing dependencies in ${path.relative(ROOT, dir) || '.'}`);
  if (existsSync(lock) && (await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir })) === 0) return;
  // No lock, or npm refused it (npm has lockfile bugs with platform-specific optional deps).
  await mustRun('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir });
}

/**
 * firebase-tools starts the Firestore emulator with `java -jar <FIRESTORE_EMULATOR_BINARY_PATH>`.
 * The Cloud SDK's jar has no Main-Class, so we generate a manifest-only jar naming its main class
 * and putting the SDK jar on the class path.
 */
function firestoreShim() {
  if (!existsSync(SDK_FIRESTORE_JAR) || existsSync(FIRESTORE_SHIM_JAR)) return;
  log('generating the Firestore emulator shim jar for the Cloud SDK emulator');
  const dir = path.dirname(FIRESTORE_SHIM_JAR);
  mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'MANIFEST.MF');
  writeFileSync(manifest, [
    'Manifest-Version: 1.0',
    'Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore',
    `Class-Path: file://${SDK_FIRESTORE_JAR}`,
    '', '',
  ].join('\n'));
  execFileSync('jar', ['cfm', FIRESTORE_SHIM_JAR, manifest], { stdio: 'inherit' });
  rmSync(manifest);
}

/**
 * The Remote Config server template the emulators use: a working copy of the checked-in
 * `remoteconfig.template.json` that `npm run flag` edits (Remote Config has no emulator).
 */
function remoteConfigTemplate() {
  const copy = path.join(ROOT, '.emulators', 'remoteconfig.template.json');
  if (existsSync(copy)) return;
  mkdirSync(path.dirname(copy), { recursive: true });
  copyFileSync(path.join(ROOT, 'remoteconfig.template.json'), copy);
}

async function build() {
  const out = path.join(FUNCTIONS, 'lib', 'index.js');
  const srcNewest = newestMtime(path.join(FUNCTIONS, 'src'));
  if (existsSync(out) && statSync(out).mtimeMs >= srcNewest) return;
  log('building functions');
  await mustRun('npm', ['run', '--silent', 'build'], { cwd: FUNCTIONS });
}

import { readdirSync } from 'node:fs';
function newestMtime(dir) {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return max;
}

async function buildWeb() {
  const out = path.join(WEB, 'dist', 'index.html');
  // The web app also bundles pure modules of the functions' domain (staleness, metric totals, offers).
  const newest = Math.max(newestMtime(path.join(WEB, 'src')), ...['index.html', 'dashboard.html', 'vendor.html', 'vite.config.ts'].map((f) => statSync(path.join(WEB, f)).mtimeMs),
    newestMtime(path.join(FUNCTIONS, 'src', 'domain')));
  if (existsSync(out) && statSync(out).mtimeMs >= newest) return;
  log('building the web app');
  await mustRun('npm', ['run', '--silent', 'build'], { cwd: WEB });
}

/** The vendor SDK (an npm workspace of the root): built for `npm run example:vendor`, which imports the package. */
async function buildSdk() {
  const sdk = path.join(ROOT, 'sdk');
  const out = path.join(sdk, 'dist', 'index.js');
  if (existsSync(out) && statSync(out).mtimeMs >= newestMtime(path.join(sdk, 'src'))) return;
  log('building the vendor SDK');
  await mustRun('npm', ['run', '--silent', 'build'], { cwd: sdk });
}

remoteConfigTemplate();
await install(ROOT);
await install(FUNCTIONS);
await install(WEB);
firestoreShim();
await build();
await buildWeb();
await buildSdk();

// `npm test`: typecheck, lint, emulator tests under `firebase emulators:exec` (so the emulators'
// Java processes are always cleaned up), then the fast unit tests, whose mocha summary ends the run.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { FIREBASE_BIN, FUNCTIONS, ROOT, WEB, PROJECT_ID, emulatorEnv, mustRun, run } from './env.mjs';
import { ensureChromium } from './chromium.mjs';

// Where the time goes: each step's wall time, printed at the end.
const times = [];
const started = Date.now();
let stepAt = Date.now();
let stepName = null;
function step(name) {
  if (stepName) times.push([stepName, Date.now() - stepAt]);
  stepName = name;
  stepAt = Date.now();
  console.log(`\n▶ ${name}`);
}
const fn = (script) => ['npm', ['run', '--silent', script], { cwd: FUNCTIONS }];
step('typecheck');
await mustRun(...fn('typecheck'));
await mustRun('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: WEB });
await mustRun('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], { cwd: path.join(ROOT, 'sdk') });
step('lint');
await mustRun(...fn('lint'));

step('browser');
await ensureChromium();

// The tests start from the checked-in Remote Config template, whatever `npm run flag` left locally.
copyFileSync(path.join(ROOT, 'remoteconfig.template.json'), path.join(ROOT, '.emulators', 'remoteconfig.template.json'));

step('the checked-in emulator-data/ (imported as npm start imports it)');
const seedCode = await run(
  FIREBASE_BIN,
  ['emulators:exec', '--project', PROJECT_ID, '--only', 'auth,firestore', '--import', 'emulator-data', 'npm --prefix functions run --silent test:seed'],
  { env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID }) },
);

step('emulator and browser tests (auth, firestore, pubsub, functions, tasks, hosting)');
const only = process.env.TEST_EMULATORS ?? 'auth,firestore,pubsub,functions,tasks,hosting';
const emulatorCode = await run(
  FIREBASE_BIN,
  ['emulators:exec', '--project', PROJECT_ID, '--only', only, 'npm --prefix functions run --silent test:emulator'],
  { env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID }) },
);

step('unit tests');
const unitCode = await run(...fn('test:unit'));
step(null);
console.log(`\n⏱ ${times.map(([n, ms]) => `${n}: ${Math.round(ms / 1000)} s`).join(' · ')} · total ${Math.round((Date.now() - started) / 1000)} s`);
if (seedCode !== 0) console.error(`\n✖ the emulator-data/ check failed (exit ${seedCode}); see above`);
if (emulatorCode !== 0) console.error(`\n✖ emulator tests failed (exit ${emulatorCode}); see above`);
process.exit(seedCode || emulatorCode || unitCode);

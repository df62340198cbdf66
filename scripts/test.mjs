// `npm test`: typecheck, lint, emulator tests under `firebase emulators:exec` (so the emulators'
// Java processes are always cleaned up), then the fast unit tests, whose mocha summary ends the run.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { FIREBASE_BIN, FUNCTIONS, ROOT, WEB, PROJECT_ID, emulatorEnv, mustRun, run } from './env.mjs';
import { ensureChromium } from './chromium.mjs';

const fn = (script) => ['npm', ['run', '--silent', script], { cwd: FUNCTIONS }];
console.log('\n▶ typecheck');
await mustRun(...fn('typecheck'));
await mustRun('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: WEB });
console.log('\n▶ lint');
await mustRun(...fn('lint'));

console.log('\n▶ browser');
await ensureChromium();

// The tests start from the checked-in Remote Config template, whatever `npm run flag` left locally.
copyFileSync(path.join(ROOT, 'remoteconfig.template.json'), path.join(ROOT, '.emulators', 'remoteconfig.template.json'));

console.log('\n▶ the checked-in emulator-data/ (imported as npm start imports it)');
const seedCode = await run(
  FIREBASE_BIN,
  ['emulators:exec', '--project', PROJECT_ID, '--only', 'auth,firestore', '--import', 'emulator-data', 'npm --prefix functions run --silent test:seed'],
  { env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID }) },
);

console.log('\n▶ emulator and browser tests (auth, firestore, pubsub, functions, tasks, hosting)');
const only = process.env.TEST_EMULATORS ?? 'auth,firestore,pubsub,functions,tasks,hosting';
const emulatorCode = await run(
  FIREBASE_BIN,
  ['emulators:exec', '--project', PROJECT_ID, '--only', only, 'npm --prefix functions run --silent test:emulator'],
  { env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID }) },
);

console.log('\n▶ unit tests');
const unitCode = await run(...fn('test:unit'));
if (seedCode !== 0) console.error(`\n✖ the emulator-data/ check failed (exit ${seedCode}); see above`);
if (emulatorCode !== 0) console.error(`\n✖ emulator tests failed (exit ${emulatorCode}); see above`);
process.exit(seedCode || emulatorCode || unitCode);

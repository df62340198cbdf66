// `npm run seed`: regenerates emulator-data/ (the emulators' own export format) from tools/seed.ts.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { FIREBASE_BIN, ROOT, PROJECT_ID, TSX, emulatorEnv, mustRun } from './env.mjs';

rmSync(path.join(ROOT, 'emulator-data'), { recursive: true, force: true });
await mustRun(
  FIREBASE_BIN,
  ['emulators:exec', '--project', PROJECT_ID, '--only', 'auth,firestore', '--export-on-exit', 'emulator-data', `"${TSX}" functions/tools/seed.ts`],
  { env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID }) },
);
console.log('emulator-data/ regenerated');

// `npm run bench [-- scenario ...]`: the benchmark, against the real emulators.
import { FIREBASE_BIN, PROJECT_ID, TSX, emulatorEnv, mustRun } from './env.mjs';

const scenarios = process.argv.slice(2).join(' ');
await mustRun(
  FIREBASE_BIN,
  ['emulators:exec', '--project', PROJECT_ID, '--only', 'auth,firestore,pubsub,functions', `"${TSX}" functions/tools/bench/index.ts ${scenarios}`],
  { env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID, FUNCTIONS_BENCH: '1' }) },
);

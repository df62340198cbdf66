// `npm run bench [-- scenario ...]`: the benchmark, against the real emulators.
//
// Each scenario runs in its own emulator session with its own ceiling measured first: a scenario
// leaves the emulators with work and memory behind (the sync one writes over a million documents,
// the events one leaves thousands of consumer invocations queued), which measurably slowed the
// next scenario when they shared a session. The sessions' results are merged into
// bench/results/latest.json and printed as one table.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { FIREBASE_BIN, FUNCTIONS, PROJECT_ID, ROOT, TSX, emulatorEnv, mustRun } from './env.mjs';

const ALL = ['sync', 'push', 'checkout', 'events'];
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const scenarios = asked.length ? asked : ALL;
const results = path.join(ROOT, 'bench', 'results');

const files = [];
for (const scenario of scenarios) {
  const out = path.join(results, `.session-${scenario}.json`);
  rmSync(out, { force: true });
  await mustRun(
    FIREBASE_BIN,
    ['emulators:exec', '--project', PROJECT_ID, '--only', 'auth,firestore,pubsub,functions', `"${TSX}" functions/tools/bench/index.ts ${scenario}`],
    { env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID, FUNCTIONS_BENCH: '1', BENCH_OUT: out }) },
  );
  files.push(out);
}
await mustRun(TSX, [path.join(FUNCTIONS, 'tools', 'bench', 'report.ts'), ...files]);
for (const f of files) rmSync(f, { force: true });

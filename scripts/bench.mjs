// `npm run bench [-- scenario ...]`: the benchmark, against the real emulators.
//
// Each scenario runs in its own emulator session with its own ceiling measured first: a scenario
// leaves the emulators with work and memory behind (the sync one writes over a million documents,
// the events one leaves thousands of consumer invocations queued), which measurably slowed the
// next scenario when they shared a session. The sessions' results are merged into
// bench/results/latest.json and printed as one table.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIREBASE_BIN, PROJECT_ID, ROOT, TSX, emulatorEnv, mustRun } from './env.mjs';

const ALL = ['sync', 'push', 'checkout', 'events'];
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const scenarios = asked.length ? asked : ALL;
const results = path.join(ROOT, 'bench', 'results');

const sessions = [];
for (const scenario of scenarios) {
  const out = path.join(results, `.session-${scenario}.json`);
  rmSync(out, { force: true });
  await mustRun(
    FIREBASE_BIN,
    ['emulators:exec', '--project', PROJECT_ID, '--only', 'auth,firestore,pubsub,functions', `"${TSX}" functions/tools/bench/index.ts ${scenario}`],
    { env: emulatorEnv({ GCLOUD_PROJECT: PROJECT_ID, FUNCTIONS_BENCH: '1', BENCH_OUT: out }) },
  );
  sessions.push({ scenario, ...JSON.parse(readFileSync(out, 'utf8')) });
  rmSync(out, { force: true });
}

const rows = sessions.flatMap((s) => s.rows);
const fmt = (n) => (typeof n !== 'number' || !Number.isFinite(n) ? String(n) : n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
const head = ['scenario', 'metric', 'value', 'unit', 'vs', 'ratio', 'target', 'ok'];
const body = rows.map((r) => [r.scenario, r.metric, fmt(r.value), r.unit, r.baseline ?? '', r.ratio !== undefined ? r.ratio.toFixed(2) : '', r.target ?? '', r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS']);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
console.log(`\nmachine: ${JSON.stringify(sessions[0]?.machine ?? {})}`);
console.log([line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n'));
writeFileSync(path.join(results, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), machine: sessions[0]?.machine, sessions }, null, 2));
console.log('\nwrote bench/results/latest.json');

/**
 * Where a mocha run's time goes: each test file, from the end of the previous file's last test to
 * the end of its own (so its `before` hooks count), printed at the end, largest first. Loaded by
 * `npm run test:emulator`.
 */
import path from 'node:path';

const spans = new Map<string, { first: number; last: number; tests: number }>();
let lastEnd = Date.now();

export const mochaHooks = {
  beforeEach(this: Mocha.Context) {
    const file = this.currentTest?.file ?? '?';
    const s = spans.get(file) ?? { first: lastEnd, last: Date.now(), tests: 0 };
    spans.set(file, s);
  },
  afterEach(this: Mocha.Context) {
    const s = spans.get(this.currentTest?.file ?? '?');
    lastEnd = Date.now();
    if (s) {
      s.last = lastEnd;
      s.tests++;
    }
  },
  afterAll() {
    const rows = [...spans].map(([f, s]) => ({ file: path.relative(path.resolve(__dirname, '..'), f), ms: s.last - s.first, tests: s.tests })).sort((a, b) => b.ms - a.ms);
    const total = rows.reduce((n, r) => n + r.ms, 0);
    console.log(`\n⏱ where the time went, per test file (${Math.round(total / 1000)} s in ${rows.length} files; the slowest 15):`);
    for (const r of rows.slice(0, 15)) console.log(`  ${String(Math.round(r.ms / 100) / 10).padStart(6)} s  ${r.tests} tests  ${r.file}`);
  },
};

import assert from 'node:assert/strict';
import * as logs from '../../src/logs';

/** What the logger writes (structured JSON lines on stdout/stderr) while `fn` runs. */
function captured(fn: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown) => (lines.push(String(chunk)), true);
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return lines.flatMap((l) => l.split('\n')).filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('logs', () => {
  it('each event is one structured entry with its severity, `event` name and fields', () => {
    const [cycle] = captured(() => logs.ingest('accepted', { jobId: 'j1', rows: 3 }));
    assert.equal(cycle!.severity, 'INFO');
    assert.equal(cycle!.event, 'ingest.accepted');
    assert.equal(cycle!.rows, 3);
    const [failed] = captured(() => logs.syncCycleFailed('wms', new Error('boom'), 2));
    assert.equal(failed!.severity, 'ERROR');
    assert.deepEqual([failed!.event, failed!.connector, failed!.consecutiveFailures, failed!.error], ['sync.cycle_failed', 'wms', 2, 'boom']);
    assert.match(String(failed!.stack), /boom/);
    const [warn] = captured(() => logs.alertRaised('shortfall', { sku: 'A' }));
    assert.deepEqual([warn!.severity, warn!.kind, warn!.sku], ['WARNING', 'shortfall', 'A']);
  });
});

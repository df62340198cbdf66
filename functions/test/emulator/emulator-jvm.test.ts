/**
 * The Firestore and Pub/Sub emulators this suite runs against were started with the toolchain's
 * GC options (scripts/env.mjs): the figures in docs/benchmarks.md assume it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIRESTORE_EMULATOR, PUBSUB_EMULATOR, pidsMatching } from '../../tools/bench/lib';

function javaToolOptionsOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((v) => v.startsWith('JAVA_TOOL_OPTIONS=')) ?? '';
  } catch {
    return ''; // a process that ended, or one not ours to read
  }
}

describe('the emulators’ JVMs', () => {
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  for (const [name, pattern] of [
    ['Firestore', FIRESTORE_EMULATOR],
    ['Pub/Sub', PUBSUB_EMULATOR],
  ] as const) {
    it(`${name}: runs with the toolchain's G1 pause target and tenuring`, () => {
      const envs = pidsMatching(pattern).map(javaToolOptionsOf);
      assert.ok(envs.length > 0, `no ${name} emulator JVM found under /proc`);
      for (const e of envs) {
        assert.match(e, /-XX:MaxGCPauseMillis=\d+/);
        assert.match(e, /-XX:MaxTenuringThreshold=\d+/);
      }
    });
  }
});

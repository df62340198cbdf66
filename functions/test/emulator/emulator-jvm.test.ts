/**
 * The Firestore and Pub/Sub emulators this suite runs against were started with the toolchain's
 * GC options (scripts/env.mjs): the figures in docs/benchmarks.md assume it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

function javaEnvOf(pattern: RegExp): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (!/\bjava\b/.test(cmd) || !pattern.test(cmd)) continue;
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      found.push(env.find((v) => v.startsWith('JAVA_TOOL_OPTIONS=')) ?? '');
    } catch {
      // a process that ended, or one not ours to read
    }
  }
  return found;
}

describe('the emulators’ JVMs', () => {
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  for (const [name, pattern] of [
    ['Firestore', /cloud-firestore-emulator/],
    ['Pub/Sub', /pubsub-emulator|cloud-pubsub-emulator/],
  ] as const) {
    it(`${name}: runs with the toolchain's G1 pause target and tenuring`, () => {
      const envs = javaEnvOf(pattern);
      assert.ok(envs.length > 0, `no ${name} emulator JVM found under /proc`);
      for (const e of envs) {
        assert.match(e, /-XX:MaxGCPauseMillis=\d+/);
        assert.match(e, /-XX:MaxTenuringThreshold=\d+/);
      }
    });
  }
});

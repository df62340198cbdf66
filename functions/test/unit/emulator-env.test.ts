/** The emulators' environment (scripts/env.mjs): the JVM options firebase-tools' Java emulators start with. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Env {
  emulatorJvmOptions(current?: string): string;
  emulatorEnv(extra?: Record<string, string>): Record<string, string | undefined>;
}
const load = () => import(pathToFileURL(path.resolve(__dirname, '../../../scripts/env.mjs')).href) as Promise<Env>;

describe('scripts/env (the emulators’ JVMs)', () => {
  it('adds a 50 ms G1 pause target and promotion after one collection, keeping the caller’s other options', async () => {
    const e = await load();
    assert.equal(e.emulatorJvmOptions(), '-XX:MaxGCPauseMillis=50 -XX:MaxTenuringThreshold=1');
    assert.equal(e.emulatorJvmOptions('-Xmx2g'), '-Xmx2g -XX:MaxGCPauseMillis=50 -XX:MaxTenuringThreshold=1');
  });

  it('an option the caller sets wins, the other is still added', async () => {
    const e = await load();
    assert.equal(e.emulatorJvmOptions('-XX:MaxGCPauseMillis=20 -Xmx2g'), '-XX:MaxGCPauseMillis=20 -Xmx2g -XX:MaxTenuringThreshold=1');
    assert.equal(e.emulatorJvmOptions('-XX:MaxTenuringThreshold=4'), '-XX:MaxTenuringThreshold=4 -XX:MaxGCPauseMillis=50');
  });

  it('the environment firebase-tools runs with carries it', async () => {
    const e = await load();
    assert.match(e.emulatorEnv().JAVA_TOOL_OPTIONS ?? '', /-XX:MaxGCPauseMillis=\d+/);
    assert.match(e.emulatorEnv().JAVA_TOOL_OPTIONS ?? '', /-XX:MaxTenuringThreshold=\d+/);
    assert.equal(
      e.emulatorEnv({ JAVA_TOOL_OPTIONS: '-XX:MaxGCPauseMillis=80 -XX:MaxTenuringThreshold=2' }).JAVA_TOOL_OPTIONS,
      '-XX:MaxGCPauseMillis=80 -XX:MaxTenuringThreshold=2',
    );
  });
});

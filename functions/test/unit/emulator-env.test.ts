/**
 * The emulators' environment (scripts/env.mjs): the JVM options firebase-tools' Java emulators
 * start with, and `npm start`'s cap on Functions emulator invocations in flight.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Env {
  emulatorJvmOptions(current?: string): string;
  emulatorEnv(extra?: Record<string, string>): Record<string, string | undefined>;
  FUNCTIONS_EMULATOR_PARALLEL: number;
  functionsEmulatorParallel(current?: string): string;
}
interface Ticker {
  scheduledFunctions(): { name: string }[];
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

describe('scripts/env (npm start’s Functions emulator cap)', () => {
  it('caps invocations in flight at 16 unless the caller says otherwise', async () => {
    const e = await load();
    assert.equal(e.functionsEmulatorParallel(), '16');
    assert.equal(e.functionsEmulatorParallel(''), '16');
    assert.equal(e.functionsEmulatorParallel('50'), '50');
  });

  // A scheduled relay's loop holds its slot for a minute: a cap at or under the scheduled
  // functions that can run at once would queue the rest behind them, the event deliveries and the
  // storefront's callables included.
  it('leaves room above every scheduled function running at once', async function () {
    this.timeout(30_000); // loads the built functions, as the ticker does
    const e = await load();
    const ticker = (await import(pathToFileURL(path.resolve(__dirname, '../../../scripts/ticker.mjs')).href)) as Ticker;
    const scheduled = ticker.scheduledFunctions().length;
    assert.ok(scheduled >= 5, `${scheduled} scheduled functions read`);
    assert.ok(e.FUNCTIONS_EMULATOR_PARALLEL >= scheduled + 4, `cap ${e.FUNCTIONS_EMULATOR_PARALLEL}, ${scheduled} scheduled functions`);
  });
});

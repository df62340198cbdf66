/**
 * The local ticker (scripts/ticker.mjs, Cloud Scheduler's semantics) for TypeScript callers: the
 * deployed-path test and the benchmark fire scheduled functions in the Functions emulator exactly
 * as `npm start` does.
 */
import path from 'node:path';

interface TickerModule {
  scheduledFunctions(): { name: string }[];
  scheduleJob(fn: unknown, o: { log: (m: string) => void }): () => Promise<void>;
}

/** Schedules the named functions; the returned stop resolves when their running executions end. */
export async function scheduleFunctions(names: string[], log: (m: string) => void = () => undefined): Promise<() => Promise<void>> {
  const ticker = (await import(path.resolve(__dirname, '../../scripts/ticker.mjs'))) as TickerModule;
  const stops = ticker.scheduledFunctions().filter((f) => names.includes(f.name)).map((fn) => ticker.scheduleJob(fn, { log }));
  return async () => {
    await Promise.all(stops.map((s) => s()));
  };
}

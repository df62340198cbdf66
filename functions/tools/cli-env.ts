/** Shared setup for the operator CLIs: which project, emulators or not, and the local params. */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, Firestore } from 'firebase-admin/firestore';
import { Presets, SingleBar } from 'cli-progress';

/** A `--name value` option of the command line (every CLI accepts `--project <id>`). */
export function arg(name: string, argv = process.argv.slice(2)): string | undefined {
  const { values } = parseArgs({ args: argv, options: { [name]: { type: 'string' } }, strict: false, allowPositionals: true });
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function projectId(): string {
  return arg('project') ?? process.env.GCLOUD_PROJECT ?? 'demo-inventory';
}

export function isLocal(): boolean {
  return projectId().startsWith('demo-');
}

/** Local runs talk to the emulators started by `npm start`. */
export function db(): Firestore {
  if (isLocal()) process.env.FIRESTORE_EMULATOR_HOST ??= '127.0.0.1:8080';
  const d = getFirestore(initializeApp({ projectId: projectId() }));
  d.settings({ ignoreUndefinedProperties: true });
  return d;
}

function dotenv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(Object.entries(parseEnv(readFileSync(file, 'utf8'))).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Params as the functions see them: env vars first, then functions/.env.<project> and .secret.local. */
export function param(name: string): string {
  const dir = path.resolve(__dirname, '..');
  const v = process.env[name] ?? dotenv(path.join(dir, `.env.${projectId()}`))[name] ?? dotenv(path.join(dir, '.env'))[name] ?? (isLocal() ? dotenv(path.join(dir, '.secret.local'))[name] : undefined);
  if (v === undefined) throw new Error(`${name} is not set (environment or functions/.env.${projectId()})`);
  return v;
}

const bars = new Map<string, SingleBar>();

/** A progress bar on stderr (cli-progress), one per label; a label's bar stops when it reaches its total. */
export function progress(label: string, done: number, total: number | null): void {
  let bar = bars.get(label);
  if (!bar) {
    bar = new SingleBar({ format: `${label.padEnd(9)} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.legacy);
    bar.start(total ?? 0, done);
    bars.set(label, bar);
  }
  if (total !== null) bar.setTotal(total);
  bar.update(done);
  if (total !== null && done >= total) {
    bar.stop();
    bars.delete(label);
  }
}

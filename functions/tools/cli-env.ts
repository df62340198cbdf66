/** Shared setup for the operator CLIs: which project, emulators or not, and the local params. */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, Firestore } from 'firebase-admin/firestore';

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
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
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
  );
}

/** Params as the functions see them: env vars first, then functions/.env.<project> and .secret.local. */
export function param(name: string): string {
  const dir = path.resolve(__dirname, '..');
  const v = process.env[name] ?? dotenv(path.join(dir, `.env.${projectId()}`))[name] ?? dotenv(path.join(dir, '.env'))[name] ?? (isLocal() ? dotenv(path.join(dir, '.secret.local'))[name] : undefined);
  if (v === undefined) throw new Error(`${name} is not set (environment or functions/.env.${projectId()})`);
  return v;
}

export function progress(label: string, done: number, total: number | null): void {
  const width = 30;
  const frac = total ? Math.min(1, done / total) : 0;
  const bar = total ? `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ${Math.round(frac * 100)}%` : `[${'.'.repeat(width)}]`;
  process.stderr.write(`\r${label.padEnd(9)} ${bar} ${done.toLocaleString()}${total ? ` / ${total.toLocaleString()}` : ''}   `);
}

/** Shared setup for tests against the real emulators (run under `firebase emulators:exec`). */
import assert from 'node:assert/strict';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore, Firestore } from 'firebase-admin/firestore';
import { getRemoteConfig } from 'firebase-admin/remote-config';
import { RemoteConfigFlags, FeatureFlags } from '../../src/adapters/feature-flags';
import { FEATURE_SYNC_ENABLED } from '../../src/config';

export const PROJECT_ID = 'demo-inventory';
process.env.GCLOUD_PROJECT ??= PROJECT_ID;
process.env.FIRESTORE_EMULATOR_HOST ??= '127.0.0.1:8080';
process.env.PUBSUB_EMULATOR_HOST ??= '127.0.0.1:8085';
process.env.FIREBASE_AUTH_EMULATOR_HOST ??= '127.0.0.1:9099';
// As the functions run (adapters/tracing.ts): the Firestore client does not trace itself.
process.env.FIRESTORE_ENABLE_TRACING ??= 'off';
assert.ok(PROJECT_ID.startsWith('demo-'), 'tests only ever touch a demo- project');

export function adminDb(): Firestore {
  const app = getApps()[0] ?? initializeApp({ projectId: PROJECT_ID });
  const db = getFirestore(app);
  try {
    db.settings({ ignoreUndefinedProperties: true });
  } catch {
    // already configured by an earlier test file
  }
  return db;
}

export async function clearFirestore(): Promise<void> {
  const res = await fetch(`http://${process.env.FIRESTORE_EMULATOR_HOST}/emulator/v1/projects/${PROJECT_ID}/databases/(default)/documents`, { method: 'DELETE' });
  assert.equal(res.status, 200, 'cleared the Firestore emulator');
}

/** Flags from a Remote Config server-template fixture (no network). */
export function flagsFromTemplate(values: Record<string, boolean>): FeatureFlags {
  const parameters = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, { defaultValue: { value: String(v) }, valueType: 'BOOLEAN' }]),
  );
  const template = getRemoteConfig(getApps()[0] ?? initializeApp({ projectId: PROJECT_ID })).initServerTemplate({
    template: JSON.stringify({ conditions: [], parameters, etag: 'fixture', version: { versionNumber: '1' } }),
  });
  return new RemoteConfigFlags(async () => template);
}

export const syncOn = () => flagsFromTemplate({ [FEATURE_SYNC_ENABLED]: true });

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, stepMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Calls a callable through the Functions emulator, as the client SDK does. */
export async function call(name: string, data: unknown, token?: string, headers: Record<string, string> = {}): Promise<{ status: number; result?: Record<string, unknown>; error?: { status: string; message: string; details?: Record<string, unknown> } }> {
  const res = await fetch(`http://127.0.0.1:5001/${PROJECT_ID}/us-central1/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ data }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}


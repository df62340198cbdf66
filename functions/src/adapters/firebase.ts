/** Lazily initialised Admin SDK handles shared by every adapter in one process. */
import { getApps, initializeApp, App } from 'firebase-admin/app';
import { getFirestore, Firestore } from 'firebase-admin/firestore';

let app: App | undefined;
let db: Firestore | undefined;

export function adminApp(): App {
  app ??= getApps()[0] ?? initializeApp();
  return app;
}

export function firestore(): Firestore {
  if (!db) {
    db = getFirestore(adminApp());
    try {
      db.settings({ ignoreUndefinedProperties: true });
    } catch {
      // Already in use by another module of this process (tests); its settings stand.
    }
  }
  return db;
}

export function projectId(): string {
  return process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT ?? adminApp().options.projectId ?? 'demo-inventory';
}

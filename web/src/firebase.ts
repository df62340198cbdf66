/**
 * Firebase JS SDK (modular). Served locally (the Hosting emulator), the demo project and the
 * emulators; deployed, the project's own web config from Hosting's reserved URL
 * `/__/firebase/init.json`, and the real services.
 */
import { initializeApp, FirebaseOptions } from 'firebase/app';
import { REGION } from '../../functions/src/region';
import { connectAuthEmulator, getAuth } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions } from 'firebase/functions';

const local = ['127.0.0.1', 'localhost'].includes(location.hostname);
const config: FirebaseOptions = local
  ? { apiKey: 'demo-api-key', projectId: 'demo-inventory', authDomain: 'demo-inventory.firebaseapp.com' }
  : ((await (await fetch('/__/firebase/init.json')).json()) as FirebaseOptions);
const app = initializeApp(config);
export const auth = getAuth(app);
export const db = getFirestore(app);
export const functions = getFunctions(app, REGION);

/**
 * App Check (the callables enforce it in production: ENFORCE_APP_CHECK). Configured by
 * VITE_APPCHECK_SITE_KEY (a reCAPTCHA Enterprise key); for local or CI runs against a real
 * project, VITE_APPCHECK_DEBUG_TOKEN is a debug token registered in the Firebase console
 * (README). Without a site key the app does not use App Check (the emulators' default).
 */
const appCheckSiteKey = import.meta.env.VITE_APPCHECK_SITE_KEY as string | undefined;
if (appCheckSiteKey) {
  const debugToken = import.meta.env.VITE_APPCHECK_DEBUG_TOKEN as string | undefined;
  if (debugToken) (self as unknown as { FIREBASE_APPCHECK_DEBUG_TOKEN: string }).FIREBASE_APPCHECK_DEBUG_TOKEN = debugToken;
  void import('firebase/app-check').then(({ initializeAppCheck, ReCaptchaEnterpriseProvider }) =>
    initializeAppCheck(app, { provider: new ReCaptchaEnterpriseProvider(appCheckSiteKey), isTokenAutoRefreshEnabled: true }),
  );
}
if (local) {
  connectAuthEmulator(auth, 'http://127.0.0.1:9099', { disableWarnings: true });
  connectFirestoreEmulator(db, '127.0.0.1', 8080);
  connectFunctionsEmulator(functions, '127.0.0.1', 5001);
}

/** The HTTP API through the Hosting rewrite (/api/** -> the `api` function). */
export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const token = await auth.currentUser?.getIdToken();
  return fetch(`/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) } });
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** An ID token from the Auth emulator for a user with the given custom claims (tests, bench). */
import { getAuth } from 'firebase-admin/auth';

export async function emulatorIdToken(uid: string, claims: Record<string, unknown> = {}, domain = 'example.com'): Promise<string> {
  const email = `${uid}@${domain}`;
  await getAuth().createUser({ uid, email, password: 'password' }).catch(() => undefined);
  await getAuth().setCustomUserClaims(uid, claims);
  const res = await fetch(`http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'password', returnSecureToken: true }),
  });
  return ((await res.json()) as { idToken: string }).idToken;
}

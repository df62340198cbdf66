// `npm run example:vendor`: with `npm start` running, the vendor SDK's example (sdk/examples/
// push-stock.mts) pushes sdk/examples/aurora-stock.csv as vendor v-aurora. The key is made here the
// way a vendor makes one: signed in as vera@example.com, POST /v1/vendor/keys.
import path from 'node:path';
import { ROOT, TSX, PROJECT_ID, PORTS, run } from './env.mjs';

const API = `http://127.0.0.1:${PORTS.functions}/${PROJECT_ID}/us-central1/api`;
const signIn = await fetch(`http://127.0.0.1:${PORTS.auth}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'vera@example.com', password: 'password', returnSecureToken: true }),
}).catch(() => null);
if (!signIn?.ok) {
  console.error('could not sign in as vera@example.com: is `npm start` running?');
  process.exit(1);
}
const { idToken } = await signIn.json();
const key = await fetch(`${API}/v1/vendor/keys`, { method: 'POST', headers: { authorization: `Bearer ${idToken}` } });
if (!key.ok) {
  console.error(`POST /v1/vendor/keys answered ${key.status}: ${await key.text()}`);
  process.exit(1);
}
const { secret } = await key.json();
process.exit(await run(TSX, [path.join(ROOT, 'sdk', 'examples', 'push-stock.mts'), path.join(ROOT, 'sdk', 'examples', 'aurora-stock.csv')], {
  env: { ...process.env, API_URL: API, VENDOR_ID: 'v-aurora', VENDOR_KEY: secret },
}));

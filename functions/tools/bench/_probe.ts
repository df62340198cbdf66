import { initializeApp } from 'firebase-admin/app';
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
async function main() {
  const db = getFirestore(initializeApp({ projectId: process.env.GCLOUD_PROJECT }));
  const col = db.collection('probeOutbox');
  const put = async (from: number, n: number) => { for (let i = from; i < from + n; i += 500) { const b = db.batch(); for (let k = i; k < Math.min(from + n, i + 500); k++) b.set(col.doc(`d${k}`), { sku: `S-${k % 3000}`, version: k, ordinal: 0, createdAt: Timestamp.fromMillis(1700000000000 + k), data: { pad: 'x'.repeat(300) } }); await b.commit(); } };
  const del = async (from: number, n: number) => { for (let i = from; i < from + n; i += 500) { const b = db.batch(); for (let k = i; k < Math.min(from + n, i + 500); k++) b.delete(col.doc(`d${k}`)); await b.commit(); } };
  const q = async (label: string) => { const t0 = Date.now(); const s = await col.orderBy('createdAt').orderBy('sku').orderBy('version').orderBy('ordinal').limit(2000).get(); console.log(`RESULT ${label}: ${Date.now() - t0} ms (${s.size} docs)`); };
  await put(0, 300); await q('300 live, none deleted'); await q('again');
  let at = 300;
  for (const deleted of [10000, 30000, 60000]) {
    await put(at, deleted); await del(at, deleted); at += deleted;
    await q(`300 live, ${at - 300} deleted so far`);
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });

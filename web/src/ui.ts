/** Small DOM helpers shared by the dashboard's and the vendor panel's modules. */
import { api, el } from './firebase';

export function row(cells: (string | Node)[], head = false, attrs: Record<string, string> = {}): HTMLTableRowElement {
  return el('tr', attrs, ...cells.map((c) => el(head ? 'th' : 'td', {}, c)));
}

/** Fetches an API file with the user's token and hands it to the browser as a download. */
export async function download(path: string, filename: string): Promise<void> {
  const r = await api(path);
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  const url = URL.createObjectURL(await r.blob());
  const a = el('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Days, hours or minutes since a time, for ages and staleness. */
export function since(ms: number | null | undefined, now = Date.now()): string {
  if (!ms) return '—';
  const min = Math.round((now - ms) / 60_000);
  return min < 120 ? `${min} min` : min < 2880 ? `${Math.round(min / 60)} h` : `${Math.round(min / 1440)} d`;
}

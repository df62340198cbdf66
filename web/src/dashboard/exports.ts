/** CSV exports (stock, reservations, discrepancies), streamed by the API and downloaded. */
import { download } from '../ui';

export function mountExports(): () => void {
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('[data-export]'));
  for (const b of buttons) b.onclick = () => void download(`/v1/exports/${b.dataset.export}.csv`, `${b.dataset.export}.csv`);
  return () => buttons.forEach((b) => (b.onclick = null));
}

/**
 * Dropping a stock file: drag a CSV or JSON file onto the zone (or pick it), optionally as a dry run
 * (what it would do, applying nothing) or as the vendor's whole stock (replace). It goes to
 * `POST /v1/vendor/drops` with the user's ID token and becomes a job like a push; the jobs panel
 * follows it live.
 */
import { api, el } from '../firebase';

interface Diff { offersCreated: number; offersChanged: number; offersZeroed: number; offersDeleted: number; unitsAdded: number; unitsRemoved: number }

export function describeDiff(d: Diff): string {
  return `${d.offersCreated} offers created · ${d.offersChanged} changed · ${d.offersZeroed} zeroed · ${d.offersDeleted} deleted · +${d.unitsAdded} / −${d.unitsRemoved} units`;
}

export function mountDrops(): () => void {
  const zone = document.getElementById('drop-zone')!;
  const input = document.getElementById('drop-file') as HTMLInputElement;
  const result = document.getElementById('drop-result')!;
  const send = async (file: File) => {
    const dryRun = (document.getElementById('drop-dry-run') as HTMLInputElement).checked;
    const mode = (document.getElementById('drop-mode') as HTMLSelectElement).value;
    const type = /\.json$/i.test(file.name) ? 'application/json' : 'text/csv';
    result.replaceChildren(el('span', { class: 'muted' }, `sending ${file.name}…`));
    const r = await api(`/v1/vendor/drops?name=${encodeURIComponent(file.name)}&mode=${mode}${dryRun ? '&dryRun=true' : ''}`, { method: 'POST', headers: { 'content-type': type }, body: await file.arrayBuffer() });
    const body = (await r.json()) as Record<string, unknown>;
    if (!r.ok) {
      const errors = (body.errors as { field: string; message: string }[] | undefined) ?? [];
      return result.replaceChildren(el('div', { class: 'error', 'data-testid': 'drop-error' }, String(body.error), ...errors.map((e) => el('div', {}, `${e.field}: ${e.message}`))));
    }
    if (body.dryRun) {
      const guard = body.guard as { hold: boolean; reasons: string[] };
      return result.replaceChildren(
        el('div', { 'data-testid': 'dry-run' }, `Dry run of ${file.name}: ${body.accepted as number} rows accepted, ${(body.rejected as unknown[]).length} refused. Nothing was applied.`),
        el('div', { 'data-testid': 'dry-run-diff' }, describeDiff(body.diff as Diff)),
        el('div', { class: guard.hold ? 'error' : 'muted', 'data-testid': 'dry-run-guard' }, guard.hold ? `A real run would be held for review: ${guard.reasons.join('; ')}` : 'A real run would apply at once.'),
      );
    }
    result.replaceChildren(el('div', { 'data-testid': 'drop-job' }, `${file.name}: job ${body.jobId as string}, ${String(body.state).replace(/_/g, ' ')} (${body.accepted as number} rows accepted, ${(body.rejected as unknown[]).length} refused) — see Jobs.`));
  };
  const onDrop = (ev: DragEvent) => {
    ev.preventDefault();
    zone.classList.remove('over');
    const file = ev.dataTransfer?.files[0];
    if (file) void send(file);
  };
  const onOver = (ev: DragEvent) => {
    ev.preventDefault();
    zone.classList.add('over');
  };
  const onLeave = () => zone.classList.remove('over');
  const onPick = () => {
    const file = input.files?.[0];
    if (file) void send(file);
    input.value = '';
  };
  zone.addEventListener('drop', onDrop);
  zone.addEventListener('dragover', onOver);
  zone.addEventListener('dragleave', onLeave);
  input.addEventListener('change', onPick);
  return () => {
    zone.removeEventListener('drop', onDrop);
    zone.removeEventListener('dragover', onOver);
    zone.removeEventListener('dragleave', onLeave);
    input.removeEventListener('change', onPick);
  };
}

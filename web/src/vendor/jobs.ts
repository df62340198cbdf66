/**
 * The vendor's jobs, live: state and counts; a job's row errors and its error report as CSV; and a
 * batch the mass-change guard held, with what it would do, to confirm or discard.
 */
import { collection, limit, onSnapshot, orderBy, query, where, DocumentData, Timestamp } from 'firebase/firestore';
import { api, db, el } from '../firebase';
import { download, row, since } from '../ui';
import { describeDiff } from './drops';

/** The held batch's review: why it was held, what it would do, and the two decisions. */
function reviewPanel(j: DocumentData): HTMLElement[] {
  if (j.state !== 'held_for_review') return [];
  const out = el('span', { 'data-testid': 'review-result' });
  const decide = (decision: 'confirm' | 'discard') => async () => {
    const r = await api(`/v1/vendor/jobs/${j.jobId as string}/review`, { method: 'POST', body: JSON.stringify({ decision }) });
    const body = (await r.json()) as { state?: string; error?: string };
    out.textContent = r.ok ? `${decision === 'confirm' ? 'confirmed' : 'discarded'}: ${body.state ?? ''}` : String(body.error);
  };
  const confirm = el('button', { 'data-testid': 'review-confirm' }, 'Confirm: apply it');
  const discard = el('button', { 'data-testid': 'review-discard' }, 'Discard it');
  confirm.onclick = decide('confirm');
  discard.onclick = decide('discard');
  return [
    el('div', { class: 'banner', 'data-testid': 'review' },
      el('strong', {}, 'Held for review: nothing was applied. '),
      ((j.review?.reasons ?? []) as string[]).join('; '),
      el('div', { 'data-testid': 'review-diff' }, j.diff ? describeDiff(j.diff) : ''),
      confirm, ' ', discard, ' ', out),
  ];
}


export function mountJobs(vendorId: string): () => void {
  const table = document.getElementById('jobs')!;
  const detail = document.getElementById('job-detail')!;
  let open: string | null = null;
  let jobs: DocumentData[] = [];
  const renderDetail = () => {
    const j = jobs.find((x) => x.jobId === open);
    if (!j) return detail.replaceChildren();
    const errors = (j.errors ?? []) as { index: number; field: string; message: string }[];
    const link = el('button', { 'data-testid': 'error-report' }, 'Download the error report (CSV)');
    link.onclick = () => void download(`/v1/vendor/jobs/${j.jobId}/errors.csv`, `job-${j.jobId}-errors.csv`);
    detail.replaceChildren(
      el('h3', {}, `Job ${j.jobId} (${j.file?.name ? `file ${j.file.name as string}` : j.batchId})`),
      ...reviewPanel(j),
      errors.length
        ? el('table', { 'data-testid': 'job-errors' }, row(['row', 'field', 'message'], true), ...errors.map((e) => row([String(e.index + 1), e.field, e.message])))
        : el('p', { 'data-testid': 'job-errors' }, 'No row errors.'),
      ...(errors.length ? [link] : []),
      ...(j.error ? [el('p', { class: 'error' }, String(j.error))] : []),
    );
  };
  const unsub = onSnapshot(query(collection(db, 'ingestJobs'), where('vendorId', '==', vendorId), orderBy('receivedAt', 'desc'), limit(20)), (s) => {
    jobs = s.docs.map((d) => ({ ...d.data(), jobId: d.id }));
    table.replaceChildren(
      row(['job', 'batch or file', 'state', 'received', 'accepted', 'rejected', 'applied', 'received at'], true),
      ...jobs.map((j) => {
        const a = el('a', { href: '#job', 'data-testid': `job-${j.jobId}` }, String(j.jobId));
        a.onclick = () => {
          open = j.jobId as string;
          renderDetail();
        };
        return row([a, j.file?.name ? String(j.file.name) : String(j.batchId), el('span', { 'data-testid': 'job-state' }, String(j.state)), String(j.received), String(j.accepted), String(j.rejectedCount ?? 0), String(j.applied ?? 0), `${since((j.receivedAt as Timestamp | undefined)?.toMillis())} ago`], false, { 'data-job': String(j.jobId) });
      }),
    );
    renderDetail();
  });
  return unsub;
}

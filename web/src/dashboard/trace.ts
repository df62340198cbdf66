/**
 * The operator dashboard's trace panel: one trace as a waterfall (GET /v1/traces/{traceId}), opened
 * by a trace id or a push job's id (its `traceId`), or from a SKU's trail.
 */
import { api, el } from '../firebase';

interface Span { spanId: string; parentSpanId: string | null; name: string; startMs: number; endMs: number; status: 'ok' | 'error'; error?: string; attributes: Record<string, unknown> }

/** Depth of each span in its tree (a span whose parent is not in the trace is a root). */
function depths(spans: Span[]): Map<string, number> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const out = new Map<string, number>();
  const depth = (s: Span, seen = 0): number => {
    if (out.has(s.spanId)) return out.get(s.spanId)!;
    const p = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
    const d = p && seen < 50 ? depth(p, seen + 1) + 1 : 0;
    out.set(s.spanId, d);
    return d;
  };
  for (const s of spans) depth(s);
  return out;
}

export async function openTrace(idOrJob: string): Promise<void> {
  const box = document.getElementById('trace')!;
  const say = (text: string) => box.replaceChildren(el('span', { class: 'error', 'data-testid': 'trace-error' }, text));
  let traceId = idOrJob.trim();
  if (/^[0-9a-f]{20}$/.test(traceId)) {
    const j = await api(`/v1/jobs/${traceId}`);
    const job = j.ok ? ((await j.json()) as { traceId: string | null }) : null;
    if (!job?.traceId) return say(`job ${traceId} has no trace (not found, or its push was not sampled)`);
    traceId = job.traceId;
  }
  const r = await api(`/v1/traces/${encodeURIComponent(traceId)}`);
  if (!r.ok) return say(((await r.json().catch(() => ({}))) as { error?: string }).error ?? `no trace ${traceId}`);
  const { spans } = (await r.json()) as { spans: Span[] };
  const t0 = Math.min(...spans.map((s) => s.startMs));
  const total = Math.max(1, Math.max(...spans.map((s) => s.endMs)) - t0);
  const d = depths(spans);
  box.replaceChildren(
    el('div', { 'data-testid': 'trace-title' }, `trace ${traceId}: ${spans.length} spans over ${Math.round(total)} ms`),
    ...spans.map((s) => {
      const bar = el('div', { class: `span-bar${s.status === 'error' ? ' error' : ''}`, title: `${s.name}: ${(s.endMs - s.startMs).toFixed(1)} ms${s.error ? ` (${s.error})` : ''}` });
      bar.style.marginLeft = `${(((s.startMs - t0) / total) * 100).toFixed(2)}%`;
      bar.style.width = `${Math.max(0.3, ((s.endMs - s.startMs) / total) * 100).toFixed(2)}%`;
      const label = el('div', { class: 'span-name' }, `${'  '.repeat(d.get(s.spanId) ?? 0)}${s.name}`);
      label.style.paddingLeft = `${(d.get(s.spanId) ?? 0) * 12}px`;
      return el('div', { class: 'span-row', 'data-testid': 'trace-span', 'data-span': s.name, 'data-depth': String(d.get(s.spanId) ?? 0) }, label, el('div', { class: 'span-track' }, bar), el('div', { class: 'span-ms' }, `${(s.endMs - s.startMs).toFixed(1)} ms`));
    }),
  );
}

export function mountTrace(): () => void {
  const form = document.getElementById('trace-lookup') as HTMLFormElement;
  const onSubmit = (ev: Event) => {
    ev.preventDefault();
    void openTrace(String(new FormData(form).get('id')));
  };
  form.addEventListener('submit', onSubmit);
  return () => form.removeEventListener('submit', onSubmit);
}

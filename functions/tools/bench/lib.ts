/** Benchmark helpers: timing, percentiles, the machine description and the report. */
import type { Offer } from '../../src/domain/offer';
import os from 'node:os';

export interface Row {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  /** What this figure is compared with, measured in the same run. */
  baseline?: string;
  ratio?: number;
  target?: string;
  pass?: boolean;
}

export const rows: Row[] = [];

export function record(r: Row): void {
  rows.push(r);
  const extra = [r.ratio !== undefined ? `ratio ${r.ratio.toFixed(2)} of ${r.baseline}` : '', r.target ? `target ${r.target}: ${r.pass ? 'PASS' : 'MISS'}` : '']
    .filter(Boolean)
    .join('; ');
  console.log(`  ${r.scenario} · ${r.metric}: ${fmt(r.value)} ${r.unit}${extra ? `  (${extra})` : ''}`);
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function table(): string {
  const head = ['scenario', 'metric', 'value', 'unit', 'vs', 'ratio', 'target', 'ok'];
  const body = rows.map((r) => [r.scenario, r.metric, fmt(r.value), r.unit, r.baseline ?? '', r.ratio !== undefined ? r.ratio.toFixed(2) : '', r.target ?? '', r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
}

/** A marketplace offer's attributes for a bench SKU (BENCH_OFFERS=1). */
export function benchOffer(sku: string): Offer {
  return { vendorId: 'v-bench', vendorSku: sku, productId: 'card-0001', condition: 'NM', language: 'en', foil: false, signed: false, price: { amount: 1250, currency: 'EUR' } };
}

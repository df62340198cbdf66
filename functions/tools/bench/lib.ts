/** Benchmark helpers: timing, percentiles, the machine description and the report. */
import type { Offer } from '../../src/domain/offer';
import os from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';

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

/** CPU milliseconds (user + system) these processes have used so far (Linux /proc), or null if none can be read. */
export function cpuMsOf(pids: readonly number[]): number | null {
  let total: number | null = null;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total = (total ?? 0) + ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
    } catch {
      // the process ended
    }
  }
  return total;
}

/** The command lines of the emulators' JVMs (`pidsMatching`). */
export const FIRESTORE_EMULATOR = /^(\S*\/)?java .*(cloud-firestore-emulator|CloudFirestore)/;
export const PUBSUB_EMULATOR = /^(\S*\/)?java .*pubsub-emulator/i;

/** The processes whose command line (arguments joined by spaces) matches `re` (Linux /proc). */
export function pidsMatching(re: RegExp): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
      .filter((pid) => {
        try {
          return re.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return []; // not Linux
  }
}

/**
 * Each named group of processes' share of one core over a window (100% = one core busy), from
 * /proc: constructed at the start, `stop()` at the end; a group whose CPU cannot be read is left out.
 */
export class CpuShares {
  private readonly t0 = Date.now();
  private readonly from: Map<string, number>;
  constructor(private readonly groups: Record<string, readonly number[]>) {
    this.from = new Map(
      Object.entries(groups).flatMap(([k, pids]) => {
        const ms = cpuMsOf(pids);
        return ms === null ? [] : [[k, ms] as const];
      }),
    );
  }

  stop(): { name: string; percent: number }[] {
    const wall = Date.now() - this.t0;
    return [...this.from].flatMap(([name, ms]) => {
      const now = cpuMsOf(this.groups[name]!);
      return now === null ? [] : [{ name, percent: ((now - ms) / wall) * 100 }];
    });
  }
}

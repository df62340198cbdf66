// The local ticker: the Functions emulator never fires v2 onSchedule functions by itself, so this
// reads each scheduled function's schedule from the built functions and POSTs to its emulator
// endpoint when it is due (`every N minutes|hours` and 5-field cron in UTC).
import { createRequire } from 'node:module';
import path from 'node:path';
import { FUNCTIONS, PORTS, PROJECT_ID } from './env.mjs';

export function scheduledFunctions() {
  const require = createRequire(import.meta.url);
  const mod = require(path.join(FUNCTIONS, 'lib', 'index.js'));
  return Object.entries(mod)
    .filter(([, fn]) => fn?.__endpoint?.scheduleTrigger)
    .map(([name, fn]) => ({ name, schedule: fn.__endpoint.scheduleTrigger.schedule, region: fn.__endpoint.region?.[0] ?? 'us-central1' }));
}

export function parseEvery(schedule) {
  const m = /^every (\d+) (minute|minutes|hour|hours)$/.exec(schedule.trim());
  if (!m) return null;
  return Number(m[1]) * (m[2].startsWith('hour') ? 3_600_000 : 60_000);
}

function cronField(field, value) {
  return field.split(',').some((part) => {
    const [range, stepStr] = part.split('/');
    const step = stepStr ? Number(stepStr) : 1;
    if (range === '*') return value % step === 0;
    const [lo, hi] = range.includes('-') ? range.split('-').map(Number) : [Number(range), stepStr ? Infinity : Number(range)];
    return value >= lo && value <= hi && (value - lo) % step === 0;
  });
}

export function cronMatches(expr, d) {
  const [min, hour, dom, mon, dow] = expr.trim().split(/\s+/);
  return cronField(min, d.getUTCMinutes()) && cronField(hour, d.getUTCHours()) && cronField(dom, d.getUTCDate())
    && cronField(mon, d.getUTCMonth() + 1) && cronField(dow, d.getUTCDay());
}

const suffix = new Map();

/**
 * Fires one scheduled function. The emulator names its endpoint `<name>-<n>`, and n grows on
 * each hot reload, so on a 404 we probe the next suffixes; if none answers, the functions are not
 * loaded yet and we try again on the next tick.
 */
export async function fire(fn, { wait = false } = {}) {
  const start = suffix.get(fn.name) ?? 0;
  for (let s = start; s < start + 20; s++) {
    const url = `http://127.0.0.1:${PORTS.functions}/${PROJECT_ID}/${fn.region}/${fn.name}-${s}`;
    const req = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    // The invocation runs for its whole window; unless asked to wait, learn only that it started.
    const res = wait ? await req : await Promise.race([req, new Promise((r) => setTimeout(() => r(null), 1500))]);
    if (res && res.status === 404) continue;
    suffix.set(fn.name, s);
    if (!res) req.catch(() => {});
    return res ? res.status : 'running';
  }
  return 'not loaded yet';
}

export function startTicker({ log = console.log } = {}) {
  const fns = scheduledFunctions();
  const timers = [];
  for (const fn of fns) {
    const every = parseEvery(fn.schedule);
    const tick = () => fire(fn).then((s) => log(`[ticker] ${fn.name} fired (${s})`)).catch((e) => log(`[ticker] ${fn.name}: ${e.message}`));
    if (every) {
      tick();
      timers.push(setInterval(tick, every));
    } else {
      let last = '';
      timers.push(setInterval(() => {
        const d = new Date();
        const key = d.toISOString().slice(0, 16);
        if (key !== last && cronMatches(fn.schedule, d)) { last = key; tick(); }
      }, 10_000));
    }
    log(`[ticker] ${fn.name}: ${fn.schedule}`);
  }
  return () => timers.forEach(clearInterval);
}

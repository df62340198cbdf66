// The local ticker: the Functions emulator never fires v2 onSchedule functions by itself, so this
// reads each scheduled function's schedule from the built functions and POSTs to its emulator
// endpoint when it is due (`every N minutes|hours` on aligned boundaries; unix-cron in the job's time
// zone, read by cron-parser),
// with Cloud Scheduler's semantics: one execution of a job at a time, an attempt deadline, no
// retries. The relays of docs/sync.md are tested through this path.
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FUNCTIONS, PORTS, PROJECT_ID } from './env.mjs';

export function scheduledFunctions() {
  const require = createRequire(import.meta.url);
  const mod = require(path.join(FUNCTIONS, 'lib', 'index.js'));
  return Object.entries(mod)
    .filter(([, fn]) => fn?.__endpoint?.scheduleTrigger)
    // An option a function leaves unset reads as firebase-functions' ResetValue object, not undefined.
    .map(([name, fn]) => ({ name, schedule: fn.__endpoint.scheduleTrigger.schedule, timeZone: fn.__endpoint.scheduleTrigger.timeZone ?? 'Etc/UTC', region: fn.__endpoint.region?.[0] ?? 'us-central1', timeoutSeconds: typeof fn.__endpoint.timeoutSeconds === 'number' ? fn.__endpoint.timeoutSeconds : undefined }));
}

export function parseEvery(schedule) {
  const m = /^every (\d+) (minute|minutes|hour|hours)$/.exec(schedule.trim());
  if (!m) return null;
  return Number(m[1]) * (m[2].startsWith('hour') ? 3_600_000 : 60_000);
}

/** The next time a cron job is due after `now`, in its time zone (cron-parser, as Cloud Scheduler reads unix-cron). */
export function nextCron(expr, timeZone = 'Etc/UTC', now = Date.now()) {
  const { CronExpressionParser } = createRequire(path.join(FUNCTIONS, 'package.json'))('cron-parser');
  return CronExpressionParser.parse(expr, { currentDate: new Date(now), tz: timeZone }).next().getTime();
}

const suffix = new Map();

/** Cloud Scheduler's attempt deadline for a v2 scheduled function, as firebase-tools sets it on deploy. */
export function attemptDeadlineMs(fn) {
  const timeoutSeconds = Number.isFinite(fn.timeoutSeconds) ? fn.timeoutSeconds : 60;
  return Math.max(180, Math.min(timeoutSeconds, 1800)) * 1000;
}

function post(url, deadlineMs) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: deadlineMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error(`attempt deadline of ${deadlineMs / 1000} s exceeded`)));
    req.on('error', reject);
    req.end('{}');
  });
}

/**
 * Fires one scheduled function and resolves when its invocation ends (as Cloud Scheduler's
 * attempt does), or rejects at the attempt deadline. The emulator names the endpoint
 * `<name>-<n>`, and n grows on each hot reload, so on a 404 we probe the next suffixes.
 */
export async function fire(fn) {
  const start = suffix.get(fn.name) ?? 0;
  for (let s = start; s < start + 20; s++) {
    const url = `http://127.0.0.1:${PORTS.functions}/${PROJECT_ID}/${fn.region}/${fn.name}-${s}`;
    const status = await post(url, attemptDeadlineMs(fn));
    if (status === 404) continue;
    suffix.set(fn.name, s);
    return status;
  }
  return 'not loaded yet';
}

/** The next time an `every N minutes|hours` job is due, on Cloud Scheduler's aligned boundaries. */
export function nextSlot(everyMs, now = Date.now()) {
  return Math.floor(now / everyMs) * everyMs + everyMs;
}

/**
 * One job as Cloud Scheduler runs it: due on its schedule, never two executions outstanding (an
 * execution due while the previous one runs starts when that one ends), no retries (retryCount 0).
 * `fireAtStart` also fires once at once, so `npm start` syncs without waiting for the next minute.
 */
export function scheduleJob(fn, { log = console.log, fireAtStart = true } = {}) {
  const every = parseEvery(fn.schedule);
  let outstanding = null;
  let missed = false;
  let stopped = false;
  let timer;
  const execute = () => {
    if (stopped) return;
    if (outstanding) {
      missed = true;
      return;
    }
    const t0 = Date.now();
    outstanding = fire(fn)
      .then((s) => log(`[ticker] ${fn.name} ended (${s}) after ${((Date.now() - t0) / 1000).toFixed(1)} s`))
      .catch((e) => log(`[ticker] ${fn.name}: ${e.message}`))
      .finally(() => {
        outstanding = null;
        if (missed) {
          missed = false;
          execute();
        }
      });
  };
  const arm = () => {
    if (stopped) return;
    if (every) {
      timer = setTimeout(() => { execute(); arm(); }, nextSlot(every) - Date.now());
    } else {
      // From a moment after now: a timer that fires a few ms early must not find the same slot again.
      const due = nextCron(fn.schedule, fn.timeZone, Date.now() + 1000);
      timer = setTimeout(() => { execute(); arm(); }, due - Date.now());
    }
  };
  if (fireAtStart && every) execute();
  arm();
  /** Stops scheduling; resolves when the execution in progress (if any) has ended. */
  return () => {
    stopped = true;
    clearTimeout(timer);
    return outstanding ?? Promise.resolve();
  };
}

export function startTicker({ log = console.log, only } = {}) {
  const fns = scheduledFunctions().filter((fn) => !only || only.includes(fn.name));
  const stops = fns.map((fn) => {
    log(`[ticker] ${fn.name}: ${fn.schedule} (attempt deadline ${attemptDeadlineMs(fn) / 1000} s)`);
    return scheduleJob(fn, { log });
  });
  return () => stops.forEach((s) => s());
}

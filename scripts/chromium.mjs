// The browser tests drive Debian's Chromium (never a downloaded browser). On a fresh machine it is
// installed here with apt-get, as root or through sudo, so `npm test` needs no step before it.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { run } from './env.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function has(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function ensureChromium() {
  if (existsSync(CHROMIUM)) {
    console.log(`[chromium] ${CHROMIUM}`);
    return;
  }
  if (!has('apt-get')) throw new Error(`no Chromium at ${CHROMIUM} and no apt-get to install it: install Chromium or set CHROMIUM_PATH`);
  const root = process.getuid?.() === 0;
  if (!root && !has('sudo')) throw new Error('installing Chromium needs root or sudo (apt-get install chromium)');
  console.log('[chromium] not installed: apt-get install chromium');
  const [cmd, ...pre] = root ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
  const apt = (...args) => run(cmd, [...pre, ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  // An old package index may name versions the mirror no longer has: refresh it first.
  await apt('update', '-qq');
  const code = await apt('install', '-y', '-qq', '--no-install-recommends', 'chromium');
  if (code !== 0 || !existsSync(CHROMIUM)) throw new Error(`apt-get install chromium failed (exit ${code})`);
  console.log(`[chromium] installed ${CHROMIUM}`);
}

/**
 * Merges the per-scenario session results of `npm run bench` (scripts/bench.mjs) into one table
 * and bench/results/latest.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Row, rows, table } from './lib';

const sessions = process.argv.slice(2).map((file) => ({ scenario: path.basename(file, '.json').replace(/^\.session-/, ''), ...(JSON.parse(readFileSync(file, 'utf8')) as { machine: unknown; rows: Row[] }) }));
rows.push(...sessions.flatMap((s) => s.rows));
console.log(`\nmachine: ${JSON.stringify(sessions[0]?.machine ?? {})}`);
console.log(table());
writeFileSync(path.resolve(__dirname, '../../../bench/results/latest.json'), JSON.stringify({ at: new Date().toISOString(), machine: sessions[0]?.machine, sessions }, null, 2));
console.log('\nwrote bench/results/latest.json');

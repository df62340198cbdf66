// `npm run backfill`: see functions/tools/backfill.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'backfill.ts'), ...process.argv.slice(2)]));

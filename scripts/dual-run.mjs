// `npm run dual-run`: see functions/tools/dual-run.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'dual-run.ts'), ...process.argv.slice(2)]));

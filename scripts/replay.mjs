// `npm run replay`: see functions/tools/replay.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'replay.ts'), ...process.argv.slice(2)]));

// `npm run export`: see functions/tools/export.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'export.ts'), ...process.argv.slice(2)]));

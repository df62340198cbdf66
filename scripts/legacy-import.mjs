// `npm run legacy-import`: see functions/tools/legacy-import.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'legacy-import.ts'), ...process.argv.slice(2)]));

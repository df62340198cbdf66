// `npm run sync`: see functions/tools/sync-cli.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'sync-cli.ts'), ...process.argv.slice(2)]));

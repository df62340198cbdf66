// `npm run provision [-- --project <id>]`: see functions/tools/provision.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'provision.ts'), ...process.argv.slice(2)]));

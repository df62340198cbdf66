// `npm run drop -- <vendorId> <file>`: a vendor file drop on the trigger path; see functions/tools/drop.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'drop.ts'), ...process.argv.slice(2)]));

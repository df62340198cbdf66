// `npm run vendor -- <command> [--project <id>]`: see functions/tools/vendor-cli.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'vendor-cli.ts'), ...process.argv.slice(2)]));

// `npm run migrate [-- --project <id>] [--restart]`: see functions/tools/migrate.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'migrate.ts'), ...process.argv.slice(2)]));

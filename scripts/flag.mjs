// `npm run flag -- on|off|status [--project <id>]`: see functions/tools/flag.ts.
import { TSX, FUNCTIONS, run } from './env.mjs';
import path from 'node:path';

process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'flag.ts'), ...process.argv.slice(2)]));

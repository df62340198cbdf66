// `npm run soak [-- --minutes 5]`: see functions/tools/soak.ts (needs `npm start` running).
import { TSX, FUNCTIONS, run } from './env.mjs';
import { ensureChromium } from './chromium.mjs';
import path from 'node:path';

await ensureChromium();
process.exit(await run(TSX, [path.join(FUNCTIONS, 'tools', 'soak.ts'), ...process.argv.slice(2)]));

/** Writes docs/events.schema.json from the zod schema of the event (a test keeps them equal). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventJsonSchema } from '../src/events/schema';

const out = path.resolve(__dirname, '../../docs/events.schema.json');
writeFileSync(out, JSON.stringify(eventJsonSchema(), null, 2) + '\n');
console.log(`wrote ${out}`);

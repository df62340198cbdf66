/**
 * `npm run vendor -- <command> [--project <id>]`: operators manage vendors from the terminal (the same
 * use case as the operator routes `/v1/vendors/...`).
 *
 *   create <vendorId> --name <name> [--cadence <minutes>] [--email <a>]... [--threshold <n>] [--policy keep_selling|stop_selling]
 *   add-user <vendorId> <email> [--password <p>] [--display-name <n>]
 *   suspend <vendorId> [--reason <text>]  |  reactivate <vendorId>
 *   list
 */
import { parseArgs } from 'node:util';
import { db, isLocal, param } from './cli-env';
import { CountApplier } from '../src/stock/count-applier';
import { VendorService } from '../src/vendors/service';
import { AuthVendorUsers } from '../src/adapters/vendor-users';
import { DomainError } from '../src/errors';

const USAGE = 'usage: npm run vendor -- create <vendorId> --name <name> [--cadence 15] [--email a@b]... [--threshold 2] [--policy keep_selling|stop_selling]\n'
  + '       npm run vendor -- add-user <vendorId> <email> [--password <p>] [--display-name <n>]\n'
  + '       npm run vendor -- suspend <vendorId> [--reason <text>] | reactivate <vendorId> | list   (add --project <id> for a real project)';

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      name: { type: 'string' },
      cadence: { type: 'string' },
      email: { type: 'string', multiple: true },
      threshold: { type: 'string' },
      policy: { type: 'string' },
      password: { type: 'string' },
      'display-name': { type: 'string' },
      reason: { type: 'string' },
    },
  });
  if (isLocal()) process.env.FIREBASE_AUTH_EMULATOR_HOST ??= '127.0.0.1:9099';
  const firestore = db();
  const service = new VendorService(firestore, new CountApplier(firestore, { defaultThreshold: Number(param('LOW_STOCK_THRESHOLD')) }), new AuthVendorUsers());
  const [command, vendorId, email] = positionals;
  const actor = `cli:${process.env.USER ?? 'operator'}`;
  const num = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);
  let out: unknown;
  switch (command) {
    case 'create':
      out = await service.create(
        Object.fromEntries(Object.entries({ vendorId, name: values.name, feedCadenceMinutes: num(values.cadence), contactEmails: values.email, lowStockThreshold: num(values.threshold), staleFeedPolicy: values.policy }).filter(([, v]) => v !== undefined)),
        actor,
      );
      break;
    case 'add-user':
      out = await service.addUser(vendorId ?? '', Object.fromEntries(Object.entries({ email, password: values.password, displayName: values['display-name'] }).filter(([, v]) => v !== undefined)));
      break;
    case 'suspend':
    case 'reactivate':
      out = await service.setStatus(vendorId ?? '', { status: command === 'suspend' ? 'suspended' : 'active', ...(values.reason ? { reason: values.reason } : {}) }, actor);
      break;
    case 'list':
      out = await service.list();
      break;
    default:
      console.error(USAGE);
      return 2;
  }
  console.log(JSON.stringify(out, null, 2));
  return 0;
}

if (require.main === module) {
  main().then((code) => process.exit(code), (err: unknown) => {
    if (err instanceof DomainError) {
      const errors = (err.details?.errors as { field: string; message: string }[] | undefined) ?? [];
      console.error(`${err.code}: ${err.message}${errors.map((e) => `\n  ${e.field}: ${e.message}`).join('')}`);
      process.exit(1);
    }
    console.error(err);
    process.exit(1);
  });
}

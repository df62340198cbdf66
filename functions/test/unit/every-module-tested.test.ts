/**
 * Every module in src/ has a test file of the same name and path under test/unit or test/emulator
 * (src/a/b.ts: test/unit/a/b.test.ts or test/emulator/a/b.test.ts). A module that declares only
 * types (ports, shapes) has nothing to run: the compiler checks it, and its emitted JavaScript
 * exports nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const FUNCTIONS = path.resolve(__dirname, '../..');
const SRC = path.join(FUNCTIONS, 'src');

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Whether the module's JavaScript exports anything (a module of types only exports nothing). */
function hasRuntime(file: string): boolean {
  const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  return /\bexports\.(?!__esModule\b)\w+\s*=|Object\.defineProperty\(exports, "(?!__esModule")/.test(js);
}

describe('every module has a test of its own', function () {
  // Transpiling every module takes seconds on a slow CI machine.
  this.timeout(60_000);
  const all = modules(SRC).map((f) => path.relative(SRC, f).replace(/\\/g, '/').replace(/\.ts$/, '')).sort();

  it('finds the modules, and tells a module of types from one with code', () => {
    assert.ok(all.length > 100 && all.includes('stock/count-applier'));
    assert.equal(hasRuntime(path.join(SRC, 'stock/ports.ts')), false);
    assert.equal(hasRuntime(path.join(SRC, 'region.ts')), true);
    assert.equal(hasRuntime(path.join(SRC, 'ingest/signature.ts')), true, 're-exports count');
  });

  it('src/<module>.ts has test/unit/<module>.test.ts or test/emulator/<module>.test.ts', () => {
    const untested = all.filter((m) => hasRuntime(path.join(SRC, `${m}.ts`)) && !['unit', 'emulator'].some((kind) => existsSync(path.join(FUNCTIONS, 'test', kind, `${m}.test.ts`))));
    assert.deepEqual(untested, [], `modules without a test file of their own:\n  ${untested.join('\n  ')}`);
  });
});

// Fails when src/api/schema.d.ts is not what openapi-typescript makes of the checked-in spec.
// Fix a failure with `npm run gen:api` and commit the result.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(root, '../openapi/customer-service.json');
const committed = resolve(root, 'src/api/schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'cs-api-'));
const fresh = join(dir, 'schema.d.ts');

try {
  execFileSync(
    process.execPath,
    [resolve(root, 'node_modules/openapi-typescript/bin/cli.js'), spec, '-o', fresh],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const want = readFileSync(fresh, 'utf8');
  let have = '';
  try {
    have = readFileSync(committed, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (want !== have) {
    console.error(
      'src/api/schema.d.ts is stale: it does not match openapi/customer-service.json.\n' +
        'Run `npm run gen:api` in frontend/ and commit the result.',
    );
    process.exit(1);
  }
  console.log('src/api/schema.d.ts matches openapi/customer-service.json.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

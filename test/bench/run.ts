/**
 * `npm run bench [name...]`: runs every `test/bench/*.bench.ts` (or those named), one after another.
 * Each suite prints its own table with a baseline measured in the same run.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const suites = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();

if (suites.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ') || '(none found)'}`);
  process.exit(1);
}

for (const file of suites) {
  console.log(`\n# ${file}\n`);
  const suite = (await import(pathToFileURL(join(benchDir, file)).href)) as { run: () => Promise<void> };
  await suite.run();
}

/**
 * Runs Electronegativity over a folder, offline, and writes its findings as JSON: `node electronegativity-run.mjs
 * <input> <output.json> <electron version> [excluded checks...]`. The tool fetches translations and Electron release data with `got`;
 * here `got` always fails at once, so nothing leaves the machine and no check waits on the network.
 */
import Module, { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'got') {
    const offline = () => Promise.reject(new Error('offline: network disabled for the static scan'));
    offline.head = offline;
    offline.get = offline;
    return offline;
  }
  return originalLoad.call(this, request, ...rest);
};

const [input, output, electronVersion, ...excluded] = process.argv.slice(2);
if (!input || !output || !electronVersion) {
  process.stderr.write(
    'usage: electronegativity-run.mjs <input> <output.json> <electron version> [excluded checks...]\n',
  );
  process.exit(2);
}

// Loaded as CommonJS (which it is), after the patch above so its own `got` imports get the offline stub.
const loadCommonJs = createRequire(import.meta.url);
const run = loadCommonJs('@doyensec/electronegativity');
(run.default ?? run)({
  input,
  excludeFromScan: excluded,
  isRelative: true,
  electronVersionOverride: electronVersion,
})
  .then((result) => {
    const issues = result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file,
      line: issue.location?.line ?? null,
      column: issue.location?.column ?? null,
      severity: issue.severity?.name ?? String(issue.severity),
      confidence: issue.confidence?.name ?? String(issue.confidence),
      manualReview: Boolean(issue.manualReview),
      description: issue.description,
    }));
    writeFileSync(
      output,
      JSON.stringify(
        { checks: result.atomicChecks + result.globalChecks, errors: result.errors, issues },
        null,
        2,
      ),
    );
  })
  .catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });

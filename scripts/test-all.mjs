#!/usr/bin/env node
// `npm test`: type check, lint, build, then every Vitest project (unit, static, browser, electron).
// Each check counts as one test beside Vitest's own; ends with the line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });

const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  { name: 'typecheck', command: bin('tsc'), args: ['-b', '--pretty', 'false'] },
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings', '0'] },
  { name: 'build', command: bin('electron-vite'), args: ['build'] },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

for (const step of steps) {
  const started = Date.now();
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const result = spawnSync(step.command, step.args, { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  process.stdout.write(
    `=== ${step.name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(step.name);
  }
}

// Node suites first, then the browser suite on its own: Chromium and Vitest's workers would fight over two cores.
const vitestRuns = [
  { name: 'vitest (unit, static, electron)', projects: ['unit', 'static', 'electron'] },
  { name: 'vitest (browser)', projects: ['browser'] },
];
for (const run of vitestRuns) {
  process.stdout.write(`\n=== ${run.name} ===\n`);
  const report = join(resultsDir, `vitest-${run.projects.join('-')}.json`);
  rmSync(report, { force: true });
  const vitest = spawnSync(
    bin('vitest'),
    [
      'run',
      ...run.projects.flatMap((project) => ['--project', project]),
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  if (!existsSync(report)) {
    failed += 1;
    failures.push(`${run.name} (exit ${vitest.status}, no report)`);
    continue;
  }
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed += result.numPassedTests ?? 0;
  failed += result.numFailedTests ?? 0;
  skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  // A file that fails to load has no failed test, only a failed suite: count it.
  const brokenFiles = (result.testResults ?? []).filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  );
  failed += brokenFiles.length;
  if ((result.numTotalTests ?? 0) === 0) {
    failed += 1;
    failures.push(`${run.name} ran no test`);
  } else if (result.numFailedTests > 0 || brokenFiles.length > 0 || vitest.status !== 0) {
    if (vitest.status !== 0 && result.numFailedTests === 0 && brokenFiles.length === 0) failed += 1;
    failures.push(run.name);
  }
}

if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);

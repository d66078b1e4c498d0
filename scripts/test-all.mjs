#!/usr/bin/env node
// `npm test`: type check, lint, build, then every Vitest project (unit, static, browser, electron).
// Each check counts as one test beside Vitest's own; ends with the line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const vitestReport = join(resultsDir, 'vitest.json');
rmSync(vitestReport, { force: true });

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
  process.stdout.write(`=== ${step.name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(step.name);
  }
}

process.stdout.write('\n=== vitest ===\n');
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } },
);
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load has no failed test, only a failed suite: count it.
  const brokenFiles = (report.testResults ?? []).filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  failed += brokenFiles.length;
  if (report.numFailedTests > 0 || brokenFiles.length > 0) failures.push('vitest');
  if ((report.numTotalTests ?? 0) === 0) {
    failed += 1;
    failures.push('vitest ran no test');
  }
} else {
  failed += 1;
  failures.push(`vitest (exit ${vitest.status}, no report)`);
}
if (vitest.status !== 0 && !failures.some((name) => name.startsWith('vitest'))) {
  failed += 1;
  failures.push(`vitest exit ${vitest.status}`);
}

if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);

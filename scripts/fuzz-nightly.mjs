#!/usr/bin/env node
// Nightly-style parser fuzzing: the suite's fuzz test (test/unit/trust/parserFuzz.test.ts) with 100,000 cases per
// import format and a fresh seed, printed so a failure can be replayed:
//   node scripts/fuzz-nightly.mjs [runs] [--seed N]
//   QUNDESK_FUZZ_SEED=N QUNDESK_FUZZ_RUNS=2000 npx vitest run --project unit test/unit/trust/parserFuzz.test.ts
// Takes a few minutes on two cores; not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const seedIndex = args.indexOf('--seed');
const seed = seedIndex >= 0 ? Number(args[seedIndex + 1]) : Math.floor(Math.random() * 2 ** 31);
const runsArg = args.find((arg, index) => /^\d+$/.test(arg) && index !== seedIndex + 1);
const runs = Number(runsArg ?? 100_000);
if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node scripts/fuzz-nightly.mjs [runs] [--seed N]\n');
  process.exit(2);
}

process.stdout.write(`parser fuzzing: ${runs} cases per format, seed ${seed}\n`);
const started = Date.now();
const result = spawnSync(
  join(root, 'node_modules', '.bin', 'vitest'),
  ['run', '--project', 'unit', 'test/unit/trust/parserFuzz.test.ts'],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      QUNDESK_FUZZ_RUNS: String(runs),
      QUNDESK_FUZZ_SEED: String(seed),
      // Long runs on a busy machine: allow more per file before calling it a hang.
      QUNDESK_FUZZ_FILE_MS: process.env.QUNDESK_FUZZ_FILE_MS ?? '10000',
    },
  },
);
process.stdout.write(
  `parser fuzzing ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${seed})\n`,
);
process.exit(result.status ?? 1);

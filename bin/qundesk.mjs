#!/usr/bin/env node
// `qundesk <command>`: the CLI (electron/main/cli/index.ts), run from source through tsx's loader.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../electron/main/cli/index.ts', import.meta.url));
const loader = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--import', loader, cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

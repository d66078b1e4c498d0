/**
 * The starter playbooks shipped in `resources/playbooks/*.json`, written for the product. They are seeded into a
 * workspace on first use, once each: a starter the user deleted, renamed or edited is never put back, and a
 * starter added by a later release is seeded the next time.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePlaybookJson } from '../../../shared/domain/crisis/exchange';
import type { Playbook } from '../../../shared/domain/crisis/playbook';

const relativeDir = join('resources', 'playbooks');

/**
 * Where the starter files are: `QUNDESK_RESOURCES_DIR`, then Electron's resources folder (packaged app), then the
 * nearest `resources/playbooks` above this module (source tree, tests, the built `out/` folder).
 */
export function starterPlaybooksDir(): string | null {
  const candidates: string[] = [];
  if (process.env.QUNDESK_RESOURCES_DIR)
    candidates.push(join(process.env.QUNDESK_RESOURCES_DIR, 'playbooks'));
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged) candidates.push(join(packaged, 'playbooks'), join(packaged, relativeDir));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    candidates.push(join(dir, relativeDir));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

export interface StarterPlaybook {
  file: string;
  playbook: Playbook;
}

/** Reads and validates every starter file; a broken one is a release bug, so it throws with the file's issues. */
export function readStarterPlaybooks(dir: string): StarterPlaybook[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const result = parsePlaybookJson(readFileSync(join(dir, name), 'utf8'), 'en');
      if (!result.ok) {
        throw new Error(
          `Starter playbook ${name} is invalid: ${result.issues.map((issue) => issue.message).join('; ')}`,
        );
      }
      return { file: name, playbook: result.playbook };
    });
}

let cached: { dir: string | null; starters: StarterPlaybook[] } | null = null;

/** The shipped starters, read once per process. */
export function shippedStarterPlaybooks(): StarterPlaybook[] {
  if (!cached) {
    const dir = starterPlaybooksDir();
    cached = { dir, starters: dir === null ? [] : readStarterPlaybooks(dir) };
  }
  return cached.starters;
}

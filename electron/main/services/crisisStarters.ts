/**
 * The starter playbooks shipped in `resources/playbooks/*.json`, written for the product. They are seeded into a
 * workspace on first use, once each: a starter the user deleted, renamed or edited is never put back, and a
 * starter added by a later release is seeded the next time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlaybookJson } from '../../../shared/domain/crisis/exchange';
import type { Playbook } from '../../../shared/domain/crisis/playbook';
import { resourcesSubdir } from './resources';

/** Where the starter playbook files are (see services/resources.ts). */
export function starterPlaybooksDir(): string | null {
  return resourcesSubdir('playbooks');
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

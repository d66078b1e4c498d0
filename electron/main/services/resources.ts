/**
 * Data files shipped with the app under `resources/` (starter word lists, starter playbooks). Found in this order:
 * `QUNDESK_RESOURCES_DIR`; the packaged app's resources folder (electron-builder `extraResources` copies `resources/`
 * subfolders there); the nearest `resources/` above this module (source tree, tests, CLI, the built `out/`).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function resourcesSubdir(name: string): string | null {
  const candidates: string[] = [];
  if (process.env.QUNDESK_RESOURCES_DIR) candidates.push(join(process.env.QUNDESK_RESOURCES_DIR, name));
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged) candidates.push(join(packaged, name));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    candidates.push(join(dir, 'resources', name));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** Helpers for static tests: the repo root, source listing and import extraction. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

export function repoFileExists(path: string): boolean {
  return existsSync(join(repoRoot, path));
}

/** Every .ts/.tsx/.js/.mjs/.cjs file under `dir` (repo-relative, '/'-separated), skipping node_modules. */
export function listSourceFiles(dir: string): string[] {
  const start = join(repoRoot, dir);
  if (!existsSync(start)) return [];
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(?:tsx?|m?js|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push(relative(repoRoot, full).split(sep).join('/'));
      }
    }
  };
  walk(start);
  return files.sort();
}

/**
 * Module specifiers a file imports: static imports and re-exports (type-only too), dynamic import() and require().
 * Comments are stripped first so an example in a comment does not count.
 */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) if (match[1]) specifiers.push(match[1]);
  }
  return specifiers;
}

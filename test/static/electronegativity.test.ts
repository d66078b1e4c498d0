/**
 * Electronegativity over the built app (out/), offline: every finding must be in the reviewed allow-list
 * (electronegativity-allowlist.json, a reason per entry), and every entry must still match a finding, so the list
 * stays reviewed rather than growing stale. Needs `electron-vite build` first; skipped without out/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './sourceFiles';

interface Finding {
  id: string;
  file: string;
  line: number | null;
  severity: string;
  confidence: string;
  description: string;
}

interface AllowList {
  excludedChecks: Record<string, string>;
  findings: { check: string; file: string; max: number; reason: string }[];
}

const outDir = join(repoRoot, 'out');
const built =
  existsSync(join(outDir, 'main', 'index.js')) && existsSync(join(outDir, 'renderer', 'index.html'));

function scan(allowList: AllowList): {
  checks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
} {
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string })
    .version;
  const temp = mkdtempSync(join(tmpdir(), 'qundesk-eng-'));
  try {
    const report = join(temp, 'report.json');
    const result = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'test/static/electronegativity-run.mjs'),
        outDir,
        report,
        electronVersion,
        ...Object.keys(allowList.excludedChecks),
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 50_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(readFileSync(report, 'utf8'));
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

describe.skipIf(!built)('Electronegativity scan of the built app', () => {
  it('finds nothing outside the reviewed allow-list', () => {
    const allowList = JSON.parse(
      readFileSync(join(repoRoot, 'test/static/electronegativity-allowlist.json'), 'utf8'),
    ) as AllowList;
    for (const entry of allowList.findings) expect(entry.reason.length, entry.check).toBeGreaterThan(30);
    for (const reason of Object.values(allowList.excludedChecks)) expect(reason.length).toBeGreaterThan(30);

    const report = scan(allowList);
    expect(report.checks).toBeGreaterThan(20);
    expect(report.errors.filter((error) => !error.tolerable)).toEqual([]);

    const counts = new Map<string, Finding[]>();
    for (const issue of report.issues) {
      const key = `${issue.id} ${issue.file}`;
      counts.set(key, [...(counts.get(key) ?? []), issue]);
    }
    const unexpected: string[] = [];
    for (const [key, issues] of counts) {
      const entry = allowList.findings.find((candidate) => `${candidate.check} ${candidate.file}` === key);
      if (!entry || issues.length > entry.max) {
        unexpected.push(
          ...issues.map(
            (issue) => `${issue.id} ${issue.file}:${issue.line} (${issue.severity}) ${issue.description}`,
          ),
        );
      }
    }
    expect(unexpected, 'new findings: fix them or review and add them to the allow-list').toEqual([]);
    const stale = allowList.findings.filter((entry) => !counts.has(`${entry.check} ${entry.file}`));
    expect(stale, 'allow-list entries that match nothing any more: remove them').toEqual([]);
  }, 60_000);
});

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { colorSchemes, defaultSettings, locales, type Settings } from '../../../shared/domain/types';
import { checkWriteFault, storageFailure } from './diskErrors';

/** Settings live outside the workspace database: electron-store in the app, a JSON file elsewhere. */
export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
  /** The workspace folder chosen with "open this workspace", opened at the next start; null: the default one. */
  workspaceDir(): string | null;
  rememberWorkspaceDir(dir: string | null): void;
}

const storedSettingsSchema = z.object({
  locale: z.enum(locales).catch(defaultSettings.locale),
  colorScheme: z.enum(colorSchemes).catch(defaultSettings.colorScheme),
});

/** Reads whatever is stored, keeping valid fields and falling back to defaults for the rest. */
export function sanitizeSettings(raw: unknown): Settings {
  const object = typeof raw === 'object' && raw !== null ? raw : {};
  return storedSettingsSchema.parse({ ...defaultSettings, ...object });
}

/** The remembered workspace folder sits in the same file, beside (not among) the settings the renderer sees. */
export const workspaceDirKey = 'workspaceDir';

export function storedWorkspaceDir(raw: unknown): string | null {
  const value =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[workspaceDirKey] : null;
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** JSON-file settings for the CLI, browser mode and tests; writes atomically (temp file + rename). */
export class JsonFileSettingsStore implements SettingsStore {
  constructor(private readonly file: string) {}

  private read(): unknown {
    if (!existsSync(this.file)) return {};
    try {
      return JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return {};
    }
  }

  get(): Settings {
    return sanitizeSettings(this.read());
  }

  update(patch: Partial<Settings>): Settings {
    const next = sanitizeSettings({ ...this.get(), ...patch });
    const remembered = this.workspaceDir();
    this.write(remembered === null ? next : { ...next, [workspaceDirKey]: remembered });
    return next;
  }

  workspaceDir(): string | null {
    return storedWorkspaceDir(this.read());
  }

  rememberWorkspaceDir(dir: string | null): void {
    this.write(dir === null ? this.get() : { ...this.get(), [workspaceDirKey]: dir });
  }

  private write(content: object): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      checkWriteFault(temp); // test seam: full disk / read-only folder
      writeFileSync(temp, JSON.stringify(content, null, 2));
      renameSync(temp, this.file);
    } catch (error) {
      // The old file stays as it was; a full disk or read-only folder is said plainly.
      rmSync(temp, { force: true });
      throw storageFailure(error, dirname(this.file)) ?? error;
    }
  }
}

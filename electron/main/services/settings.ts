import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { colorSchemes, defaultSettings, locales, type Settings } from '../../../shared/domain/types';
import { checkWriteFault, storageFailure } from './diskErrors';

/** Settings live outside the workspace database: electron-store in the app, a JSON file elsewhere. */
export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
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

/** JSON-file settings for the CLI, browser mode and tests; writes atomically (temp file + rename). */
export class JsonFileSettingsStore implements SettingsStore {
  constructor(private readonly file: string) {}

  get(): Settings {
    if (!existsSync(this.file)) return { ...defaultSettings };
    try {
      return sanitizeSettings(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      return { ...defaultSettings };
    }
  }

  update(patch: Partial<Settings>): Settings {
    const next = sanitizeSettings({ ...this.get(), ...patch });
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      checkWriteFault(temp); // test seam: full disk / read-only folder
      writeFileSync(temp, JSON.stringify(next, null, 2));
      renameSync(temp, this.file);
    } catch (error) {
      // The old file stays as it was; a full disk or read-only folder is said plainly.
      rmSync(temp, { force: true });
      throw storageFailure(error, dirname(this.file)) ?? error;
    }
    return next;
  }
}

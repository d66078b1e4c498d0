import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** App logs hold scopes, messages and stacks, never payloads: nothing personal ends up in a support bundle. */
export interface Logger {
  info(scope: string, message: string): void;
  error(scope: string, error: unknown): void;
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };

export interface RotatingLogOptions {
  maxBytes?: number;
  /** How many rotated files to keep beside the current one. */
  keep?: number;
  now?: () => number;
}

/** JSON-lines log in `<dir>/qundesk.log`, rotated to qundesk.1.log … qundesk.N.log when it grows past maxBytes. */
export class RotatingFileLogger implements Logger {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    options: RotatingLogOptions = {},
  ) {
    this.file = join(dir, 'qundesk.log');
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.keep = options.keep ?? 4;
    this.now = options.now ?? Date.now;
  }

  info(scope: string, message: string): void {
    this.write({ level: 'info', scope, message });
  }

  error(scope: string, error: unknown): void {
    const detail = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
    this.write({ level: 'error', scope, ...detail });
  }

  private write(entry: Record<string, unknown>): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      if (existsSync(this.file) && statSync(this.file).size >= this.maxBytes) this.rotate();
      appendFileSync(this.file, `${JSON.stringify({ at: new Date(this.now()).toISOString(), ...entry })}\n`);
    } catch {
      // Logging must never take the app down (disk full, read-only folder).
    }
  }

  private rotate(): void {
    rmSync(join(this.dir, `qundesk.${this.keep}.log`), { force: true });
    for (let index = this.keep - 1; index >= 1; index -= 1) {
      const from = join(this.dir, `qundesk.${index}.log`);
      if (existsSync(from)) renameSync(from, join(this.dir, `qundesk.${index + 1}.log`));
    }
    renameSync(this.file, join(this.dir, 'qundesk.1.log'));
  }
}

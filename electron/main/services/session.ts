/**
 * Who is at the keyboard. The backend owns the lock: the state, the idle timer and the failed-attempt back-off live
 * here, so a renderer that stops reporting activity (or never shows the lock screen) still gets locked out — the
 * dispatcher asks `isLocked()` before every call and `authorize()` after validating it.
 */
import {
  defaultLockSettings,
  freeSignInAttempts,
  permissions as allPermissions,
  signInBackoffMs,
  type LockSettings,
  type Permission,
  type SessionMode,
  type SessionStatus,
} from '../../../shared/domain/operators';
import type { ChannelName, ChannelParsedInput, PushEventName } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/errors';
import { requiredPermissions } from '../../../shared/ipc/permissions';
import { recordAudit } from '../db/repositories/audit';
import {
  countOperators,
  findOperator,
  findRole,
  listOperatorRecords,
  markSignedIn,
  readLockSettings,
  readSignInFailures,
  writeSignInFailures,
} from '../db/repositories/operators';
import type { Db } from '../db/connection';
import { verifyPassphrase } from './operators';

/** OS events that lock the workstation: sleep (suspend) and the OS screen lock. */
export type SystemLockEvent = 'suspend' | 'lock-screen';

/** Who acted when nobody is signed in: the implicit owner before operators exist, the machine's user otherwise. */
export const implicitOperator = 'local';

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SessionOptions {
  db: Db;
  now(): number;
  /** The lock state changed (signed in, locked by hand or by the idle timer): screens should ask again. */
  onChange(): void;
  timers?: Timers;
}

export class Session {
  private operatorId: number | null = null;
  private lastActivityAt = 0;
  private timer: unknown = null;
  /** Sign-in attempts run one at a time, so parallel guesses cannot slip past the back-off. */
  private attempts: Promise<unknown> = Promise.resolve();
  private readonly timers: Timers;
  /** Failed sign-ins as last known; mirrored to the workspace when it can be written (not in read-only recovery). */
  private failures: { count: number; lastAt: number } | null = null;

  constructor(private readonly options: SessionOptions) {
    this.timers = options.timers ?? realTimers;
  }

  /** The current mode; locks first when the idle time has run out. */
  mode(): SessionMode {
    const { db } = this.options;
    if (this.operatorCount() === 0) {
      this.operatorId = null;
      return 'open';
    }
    if (this.operatorId === null || !findOperator(db, this.operatorId)) {
      // The operator may be gone (deleted, or a restored snapshot without them).
      this.operatorId = null;
      return 'locked';
    }
    const deadline = this.idleDeadline();
    if (deadline !== null && this.options.now() >= deadline) {
      this.lock('auto-lock');
      return 'locked';
    }
    return 'signedIn';
  }

  isLocked(): boolean {
    return this.mode() === 'locked';
  }

  signedInOperatorId(): number | null {
    return this.mode() === 'signedIn' ? this.operatorId : null;
  }

  /** The name the audit log records for what happens now. */
  operatorName(): string {
    const id = this.operatorId;
    const operator = id === null ? null : findOperator(this.options.db, id);
    return operator?.name ?? implicitOperator;
  }

  permissions(): Permission[] {
    const mode = this.mode();
    if (mode === 'open') return [...allPermissions];
    if (mode === 'locked' || this.operatorId === null) return [];
    const operator = findOperator(this.options.db, this.operatorId);
    return operator ? (findRole(this.options.db, operator.role)?.permissions ?? []) : [];
  }

  /** Null when the call may go ahead; otherwise the refusal, which is also written to the audit log. */
  authorize<K extends ChannelName>(channel: K, input: ChannelParsedInput<K>): AppError | null {
    const required = requiredPermissions(channel, input);
    if (required.length === 0) return null;
    const granted = this.permissions();
    const missing = required.filter((needed) => !granted.includes(needed));
    const first = missing[0];
    if (first === undefined) return null;
    this.write((db) =>
      recordAudit(db, this.options.now(), {
        operator: this.operatorName(),
        action: 'permission-denied',
        entity: 'session',
        detail: { channel, permissions: missing },
      }),
    );
    return new AppError('FORBIDDEN', `operators.errors.denied.${first}`);
  }

  status(): SessionStatus {
    const mode = this.mode();
    const { db } = this.options;
    const operator =
      mode === 'signedIn' && this.operatorId !== null ? findOperator(db, this.operatorId) : null;
    const everyone = mode === 'open' ? [] : listOperatorRecords(db);
    const settings = this.lockSettings();
    const latest = everyone
      .filter((candidate) => candidate.lastSignInAt !== null)
      .sort((a, b) => (b.lastSignInAt ?? '').localeCompare(a.lastSignInAt ?? ''))[0];
    return {
      mode,
      operator: operator
        ? {
            id: operator.id,
            name: operator.name,
            role: operator.role,
            roleName: findRole(db, operator.role)?.name ?? null,
          }
        : null,
      permissions: this.permissions(),
      operators: everyone.map(({ id, name }) => ({ id, name })),
      lastOperatorId: latest?.id ?? null,
      idleMinutes: settings.idleMinutes,
      retryAfterSeconds: Math.ceil(this.retryAfterMs() / 1000),
      watermarkExports: settings.watermarkExports,
    };
  }

  private retryAfterMs(): number {
    const failures = this.readFailures();
    return Math.max(0, failures.lastAt + signInBackoffMs(failures.count) - this.options.now());
  }

  unlock(operatorId: number, passphrase: string): Promise<SessionStatus> {
    const attempt = this.attempts.then(() => this.attemptUnlock(operatorId, passphrase));
    this.attempts = attempt.catch(() => undefined);
    return attempt;
  }

  private async attemptUnlock(operatorId: number, passphrase: string): Promise<SessionStatus> {
    const { db, now } = this.options;
    const wait = this.retryAfterMs();
    if (wait > 0)
      throw new AppError('FORBIDDEN', 'operators.errors.tooManyAttempts', {
        seconds: Math.ceil(wait / 1000),
      });
    const operator = findOperator(db, operatorId);
    const matches = operator !== null && (await verifyPassphrase(passphrase, operator.passphraseHash));
    if (!operator || !matches) {
      const failures = { count: this.readFailures().count + 1, lastAt: now() };
      this.failures = failures;
      this.write(() => {
        writeSignInFailures(db, failures);
        recordAudit(db, failures.lastAt, {
          operator: operator?.name ?? implicitOperator,
          action: 'sign-in-failed',
          entity: 'session',
          entityId: operatorId,
          detail: { failures: failures.count },
        });
      });
      const backoff = signInBackoffMs(failures.count);
      if (backoff > 0)
        throw new AppError('FORBIDDEN', 'operators.errors.tooManyAttempts', { seconds: backoff / 1000 });
      throw new AppError('FORBIDDEN', 'operators.errors.wrongPassphrase', {
        remaining: freeSignInAttempts - failures.count,
      });
    }
    this.signIn(operator.id);
    return this.status();
  }

  /** Signs an operator in; without a passphrase check only for the owner who just created the first operator. */
  signIn(operatorId: number): void {
    const { db, now } = this.options;
    const at = now();
    this.operatorId = operatorId;
    this.lastActivityAt = at;
    this.failures = { count: 0, lastAt: 0 };
    this.write(() => {
      writeSignInFailures(db, { count: 0, lastAt: 0 });
      markSignedIn(db, operatorId, at);
      recordAudit(db, at, { operator: this.operatorName(), action: 'sign-in', entity: 'session' });
    });
    this.schedule();
    this.options.onChange();
  }

  /** Locks now (a no-op before operators exist: there would be nobody to unlock). */
  lock(
    action: 'lock' | 'auto-lock' | 'system-lock' = 'lock',
    detail?: { event: SystemLockEvent },
  ): SessionStatus {
    if (this.operatorId !== null) {
      const name = this.operatorName();
      this.operatorId = null;
      this.cancelTimer();
      this.write((db) =>
        recordAudit(db, this.options.now(), { operator: name, action, entity: 'session', detail }),
      );
      this.options.onChange();
    }
    return this.status();
  }

  /**
   * The computer is going to sleep or the OS locked its screen (the shell's power events): whoever is signed in is
   * signed out, as if they had pressed the lock button. Nothing happens before operators exist.
   */
  lockForSystem(event: SystemLockEvent): SessionStatus {
    return this.lock('system-lock', { event });
  }

  /** Push events for the screens: job progress (names, counts, results) waits until someone signs in again. */
  allowsPush(event: PushEventName): boolean {
    return event !== 'jobs.progress' || !this.isLocked();
  }

  /** The user did something: the idle timer starts again. */
  activity(): { idleLockAt: string | null } {
    if (this.mode() !== 'signedIn') return { idleLockAt: null };
    this.lastActivityAt = this.options.now();
    this.schedule();
    const deadline = this.idleDeadline();
    return { idleLockAt: deadline === null ? null : new Date(deadline).toISOString() };
  }

  /** Lock settings changed: the timer follows the new idle minutes. */
  settingsChanged(): void {
    if (this.mode() === 'signedIn') this.schedule();
  }

  /**
   * Operators on this workspace. A read-only look at a database from before operators existed has no table:
   * nobody to sign in. Any other error propagates, so the dispatcher refuses rather than opens.
   */
  private operatorCount(): number {
    try {
      return countOperators(this.options.db);
    } catch (error) {
      if (this.options.db.readonly && /no such table/.test(String((error as Error).message))) return 0;
      throw error;
    }
  }

  private readFailures(): { count: number; lastAt: number } {
    this.failures ??= this.readSetting(() => readSignInFailures(this.options.db), { count: 0, lastAt: 0 });
    return this.failures;
  }

  /**
   * Lock settings and failure counts on a read-only (recovery) connection whose page for them is damaged: the
   * defaults, so the readable rest can still be looked at. Operators themselves are never guessed (see above).
   */
  private readSetting<T>(read: () => T, fallback: T): T {
    try {
      return read();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (this.options.db.readonly && typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))
        return fallback;
      throw error;
    }
  }

  private lockSettings(): LockSettings {
    return this.readSetting(() => readLockSettings(this.options.db), defaultLockSettings);
  }

  /** Session bookkeeping is written in one transaction, and skipped on a read-only (recovery) connection. */
  private write(run: (db: Db) => void): void {
    const { db } = this.options;
    if (db.readonly || db.pragma('query_only', { simple: true }) === 1) return;
    db.transaction(() => run(db))();
  }

  private idleDeadline(): number | null {
    const minutes = this.lockSettings().idleMinutes;
    return minutes === 0 ? null : this.lastActivityAt + minutes * 60_000;
  }

  private schedule(): void {
    this.cancelTimer();
    const deadline = this.idleDeadline();
    if (deadline === null || this.operatorId === null) return;
    this.timer = this.timers.set(
      () => {
        this.timer = null;
        // mode() locks when the deadline has passed; activity since then moved it, so wait again.
        if (this.mode() === 'signedIn') this.schedule();
      },
      Math.max(0, deadline - this.options.now()) + 250,
    );
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  dispose(): void {
    this.cancelTimer();
  }
}

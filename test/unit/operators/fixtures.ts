/** A real backend on a temp workspace with a hand-driven clock, hand-run timers and cheap scrypt. */
import { type Backend } from '../../../electron/main/backend';
import type { Timers } from '../../../electron/main/services/session';
import type { Result } from '../../../shared/ipc/errors';
import { makeTestBackend, trustAppOrigin, trustedSender, openTestBackend } from '../../support/tempWorkspace';
import { join } from 'node:path';

export const fastScrypt = { N: 2 ** 10, r: 8, p: 1 };
export const minute = 60_000;

export interface FakeTimers extends Timers {
  /** Runs the timers due by `now`, as the event loop would. */
  runDue(now: number): void;
  pending(): number;
}

export function fakeTimers(clock: () => number): FakeTimers {
  const timers = new Map<number, { run: () => void; at: number }>();
  let next = 1;
  return {
    set(run, ms) {
      const handle = next++;
      timers.set(handle, { run, at: clock() + ms });
      return handle;
    },
    clear(handle) {
      timers.delete(handle as number);
    },
    runDue(now) {
      for (const [handle, timer] of [...timers]) {
        if (timer.at > now) continue;
        timers.delete(handle);
        timer.run();
      }
    },
    pending: () => timers.size,
  };
}

export interface OperatorsTestBackend {
  backend: ReturnType<typeof makeTestBackend>;
  clock: { now: number };
  timers: FakeTimers;
  call(channel: string, input?: unknown): Promise<Result<unknown>>;
  /** A second backend on the same workspace, as after a restart. */
  reopen(): Backend;
  dispose(): Promise<void>;
}

export function operatorsTestBackend(): OperatorsTestBackend {
  const clock = { now: Date.parse('2024-05-01T09:00:00+08:00') };
  const timers = fakeTimers(() => clock.now);
  const backend = makeTestBackend({
    now: () => clock.now,
    operatorScrypt: fastScrypt,
    sessionTimers: timers,
  });
  const dispatch = backend.createDispatch(trustAppOrigin);
  const reopened: Backend[] = [];
  return {
    backend,
    clock,
    timers,
    call: (channel, input = {}) => dispatch(channel, input, trustedSender),
    reopen() {
      const again = openTestBackend(backend.workspace.dir, join(backend.dir, 'settings.json'), {
        now: () => clock.now,
        operatorScrypt: fastScrypt,
      });
      reopened.push(again);
      return again;
    },
    async dispose() {
      for (const again of reopened) await again.close();
      await backend.dispose();
    },
  };
}

export function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

export function failure(result: Result<unknown>): {
  code: string;
  message: string;
  params?: Record<string, unknown>;
} {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

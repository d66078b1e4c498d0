import { setImmediate as yieldImmediate } from 'node:timers/promises';

/** What long vault work reports to and asks of its caller: a job context has all three. */
export interface WorkSteps {
  progress(done: number, total: number, stepKey?: string): void;
  throwIfCancelled(): void;
  yieldToLoop(): Promise<void>;
}

export const quietSteps: WorkSteps = {
  progress: () => {},
  throwIfCancelled: () => {},
  yieldToLoop: () => yieldImmediate(),
};

import type { DataEntity } from '../../../shared/ipc/contract';
import type { Db } from '../db/connection';

export interface JobContext {
  /** The job's own connection (its own in a worker thread). */
  db: Db;
  workspaceDir: string;
  operator: string;
  now(): number;
  /** Reports progress (imports add how many messages they stored so far); the runner throttles and adds the ETA. */
  progress(done: number, total: number, stepKey?: string, messagesImported?: number): void;
  /** True once the user asked to cancel; jobs check it between batches and throw via `throwIfCancelled`. */
  isCancelled(): boolean;
  throwIfCancelled(): void;
  /** Lets the event loop breathe between batches (progress, cancel messages). */
  yieldToLoop(): Promise<void>;
  /**
   * Whether another job of its lane is queued behind this one by now (the next file of a folder): work the next one
   * does anyway (an import's health fold and checkpoint) can be left to it.
   */
  moreQueued(): boolean;
  /**
   * From now on this connection folds its WAL back into the database (a checkpoint) only once the job's result is
   * handed over, not at its commits: for a job that writes one large transaction, whose commit would otherwise run
   * SQLite's automatic checkpoint before the user is told it is done (copying every page written: 0.4 s of a
   * 200,000-member import, 0.24 s of a first tier recompute). In a worker thread the checkpoint then runs while the
   * app already shows the result; the commit itself is as durable either way (synchronous = NORMAL syncs the WAL
   * only at checkpoints).
   */
  checkpointAfterResult(): void;
}

export interface JobDefinition<I = unknown, O = unknown> {
  kind: string;
  /** i18n key for the job's name in the UI. */
  titleKey: string;
  /** What to tell open screens to refetch once the job ends (also after a failure: earlier batches stay). */
  changes: DataEntity[];
  /**
   * Jobs of one lane run one at a time, in the order they were started; the others wait their turn (shown as
   * queued). Unset: the job starts at once.
   */
  lane?: 'imports';
  /** What a job with this input works on, for the UI (an import's file name); the input is not validated yet. */
  detail?(input: unknown): string | undefined;
  run(input: I, context: JobContext): Promise<O>;
}

export function defineJob<I, O>(definition: JobDefinition<I, O>): JobDefinition<I, O> {
  return definition;
}

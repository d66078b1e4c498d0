/**
 * Runs jobs and tracks their state. Two executors share this tracker: in-process (tests, CLI) and
 * worker threads (the app). Progress is throttled, carries an ETA, and every change is pushed to listeners.
 */
import { randomUUID } from 'node:crypto';
import { newestJobFirst, queuedStepKey, type JobState } from '../../../shared/domain/types';
import { AppError } from '../../../shared/ipc/errors';
import type { DataEntity } from '../../../shared/ipc/contract';
import { CancelFlag, SharedFlag } from './cancellation';
import { findJob } from './registry';

export interface ProgressReport {
  done: number;
  total: number;
  stepKey?: string | undefined;
  messagesImported?: number | undefined;
}

export interface ExecutorCallbacks {
  onProgress(report: ProgressReport): void;
}

/**
 * Runs one job to completion; rejects with the job's error (AppError for expected failures). `dispose` ends what
 * it keeps between jobs (waiting worker threads).
 */
export type JobExecutor = ((
  request: {
    kind: string;
    input: unknown;
    operator: string;
    cancel: CancelFlag;
    /** Set once another job of its lane is queued behind it (see JobContext.moreQueued). */
    followed?: SharedFlag;
  },
  callbacks: ExecutorCallbacks,
) => Promise<unknown>) & {
  dispose?: () => Promise<void>;
  /** Gets ready for a job soon to come (a job worker loading the job code meanwhile). */
  prepare?: () => void;
};

export interface JobRunnerOptions {
  executor: JobExecutor;
  now?: () => number;
  /** Minimum ms between two progress events of one job. */
  progressIntervalMs?: number;
  onUpdate?: (job: JobState) => void;
  onChanges?: (entities: DataEntity[]) => void;
  logError?: (error: unknown) => void;
  /** Refuses a job before anything is recorded, by throwing (recovery: a damaged or read-only workspace). */
  beforeStart?: (kind: string) => void;
}

interface RunningJob {
  state: JobState;
  cancel: CancelFlag;
  /** Set once another job of its lane is started behind it. */
  followed: SharedFlag;
  promise: Promise<JobState>;
  lastEmit: number;
  /** Set while the job waits for its lane: a cancel ends it at once, with this. */
  endQueued?: (() => void) | undefined;
}

const keptFinishedJobs = 20;

export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  /** Per lane, the job started last in it, with a promise that settles once it has ended (it never rejects). */
  private readonly laneTails = new Map<string, { job: RunningJob; ended: Promise<void> }>();
  private started = 0;
  private readonly now: () => number;

  constructor(private readonly options: JobRunnerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts a job and returns its id at once. */
  start(kind: string, input: unknown, operator: string): string {
    this.options.beforeStart?.(kind);
    const definition = findJob(kind);
    if (!definition) throw new AppError('NOT_FOUND', 'errors.unknownJob', { kind });
    const id = randomUUID();
    const startedAt = this.now();
    const cancel = new CancelFlag();
    const state: JobState = {
      id,
      kind,
      titleKey: definition.titleKey,
      status: 'running',
      done: 0,
      total: 0,
      stepKey: null,
      startedAt: new Date(startedAt).toISOString(),
      sequence: (this.started += 1),
      finishedAt: null,
      etaMs: null,
      error: null,
      result: null,
    };
    const detail = definition.detail?.(input);
    if (detail !== undefined) state.detail = detail;
    const job: RunningJob = {
      state,
      cancel,
      followed: new SharedFlag(),
      lastEmit: 0,
      promise: Promise.resolve(state),
    };
    this.jobs.set(id, job);
    const before = definition.lane === undefined ? undefined : this.laneTails.get(definition.lane);
    // The job before it in the lane (running or queued) now has one behind it; so have all before that already.
    before?.job.followed.set();
    const ahead = before?.ended;
    if (ahead) job.state = { ...state, stepKey: queuedStepKey };
    this.emit(job, true);
    const execute = (): Promise<unknown> => {
      job.endQueued = undefined;
      if (job.state.status !== 'running') return Promise.resolve(null);
      if (ahead) {
        job.state = { ...job.state, stepKey: null };
        this.emit(job, true);
      }
      // The ETA counts from here, not from the time spent queued.
      const runStartedAt = this.now();
      return this.options.executor(
        { kind, input, operator, cancel, followed: job.followed },
        { onProgress: (report) => this.progress(job, report, runStartedAt) },
      );
    };
    const execution = ahead ? ahead.then(execute) : execute();
    if (definition.lane !== undefined) {
      const lane = definition.lane;
      const tail = execution.then(
        () => undefined,
        () => undefined,
      );
      this.laneTails.set(lane, { job, ended: tail });
      void tail.then(() => {
        if (this.laneTails.get(lane)?.job === job) this.laneTails.delete(lane);
      });
    }
    const ended = execution
      .then(
        (result) => this.finish(job, { status: 'done', result }),
        (error: unknown) => {
          if (error instanceof AppError && error.code === 'CANCELLED')
            return this.finish(job, { status: 'cancelled' });
          if (!(error instanceof AppError)) this.options.logError?.(error);
          const payload =
            error instanceof AppError
              ? error.toPayload()
              : { code: 'INTERNAL' as const, message: 'errors.internal' };
          return this.finish(job, { status: 'failed', error: payload });
        },
      )
      .finally(() => this.options.onChanges?.(definition.changes));
    if (!ahead) job.promise = ended;
    else {
      const cancelledInQueue = new Promise<JobState>((resolve) => {
        job.endQueued = () => resolve(this.finish(job, { status: 'cancelled' }));
      });
      job.promise = Promise.race([ended, cancelledInQueue]);
    }
    return id;
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.state.status !== 'running') return false;
    job.cancel.cancel();
    // Still waiting for its lane: it never starts.
    job.endQueued?.();
    return true;
  }

  list(): JobState[] {
    return [...this.jobs.values()].map((job) => job.state).sort(newestJobFirst);
  }

  get(id: string): JobState | undefined {
    return this.jobs.get(id)?.state;
  }

  /** Resolves when the job has ended, with its final state. */
  async wait(id: string): Promise<JobState> {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND');
    return job.promise;
  }

  /**
   * Readies the executor for a job the user is about to start: a job worker loads the job code (a quarter of a
   * second, more than a small import takes) while they look at a preview.
   */
  prepare(): void {
    this.options.executor.prepare?.();
  }

  /** Cancels every running job, waits for them to stop, then ends what the executor keeps between jobs. */
  async shutdown(): Promise<void> {
    const running = [...this.jobs.values()].filter((job) => job.state.status === 'running');
    for (const job of running) job.cancel.cancel();
    await Promise.all(running.map((job) => job.promise));
    await this.options.executor.dispose?.();
  }

  private progress(job: RunningJob, report: ProgressReport, startedAt: number): void {
    if (job.state.status !== 'running') return;
    const now = this.now();
    const elapsed = now - startedAt;
    const done = Math.max(0, report.done);
    const total = Math.max(done, report.total);
    job.state = {
      ...job.state,
      done,
      total,
      stepKey: report.stepKey ?? job.state.stepKey,
      ...(report.messagesImported === undefined ? {} : { messagesImported: report.messagesImported }),
      etaMs:
        done > 0 && total > done && elapsed >= 300 ? Math.round((elapsed / done) * (total - done)) : null,
    };
    if (now - job.lastEmit >= (this.options.progressIntervalMs ?? 100) || done === total) this.emit(job);
  }

  private finish(job: RunningJob, outcome: Partial<JobState> & { status: JobState['status'] }): JobState {
    // A job cancelled while queued has ended already; its turn in the lane then only passes.
    if (job.state.status !== 'running') return job.state;
    job.state = { ...job.state, ...outcome, etaMs: null, finishedAt: new Date(this.now()).toISOString() };
    if (outcome.status === 'done')
      job.state.done = job.state.total = Math.max(job.state.total, job.state.done);
    this.emit(job, true);
    this.pruneFinished();
    return job.state;
  }

  private emit(job: RunningJob, force = false): void {
    const now = this.now();
    if (!force && now - job.lastEmit < (this.options.progressIntervalMs ?? 100)) return;
    job.lastEmit = now;
    this.options.onUpdate?.(job.state);
  }

  private pruneFinished(): void {
    const finished = [...this.jobs.values()].filter((job) => job.state.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - keptFinishedJobs)))
      this.jobs.delete(job.state.id);
  }
}

/**
 * A few tasks at a time: the backup writes a few objects on the thread pool while the next chunks are hashed and
 * sealed, then flushes a few files at once; verify keeps a few objects being read and checked.
 */
export class TaskQueue {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  /** Waits until fewer than `limit` tasks run; throws the first failure so far. */
  async room(): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    this.throwIfFailed();
  }

  /** Tracks a started task; its failure is kept for `room()` and `drain()`. */
  add(task: Promise<unknown>): void {
    const settled = task.then(
      () => {},
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  }

  /** Waits for every task; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for every task, whatever their outcome (after a cancel or a failure elsewhere). */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

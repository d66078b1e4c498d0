import { AppError } from '../../../shared/ipc/errors';

/** A flag in shared memory: one thread sets it, another reads it synchronously without waiting for a message. */
export class SharedFlag {
  readonly buffer: SharedArrayBuffer;
  private readonly view: Int32Array;

  constructor(buffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.view = new Int32Array(buffer);
  }

  set(): void {
    Atomics.store(this.view, 0, 1);
  }

  get isSet(): boolean {
    return Atomics.load(this.view, 0) === 1;
  }
}

/** A job's cancel flag: the UI thread sets it, a worker thread reads it between batches. */
export class CancelFlag extends SharedFlag {
  cancel(): void {
    this.set();
  }

  get cancelled(): boolean {
    return this.isSet;
  }

  throwIfCancelled(): void {
    if (this.cancelled) throw new AppError('CANCELLED');
  }
}

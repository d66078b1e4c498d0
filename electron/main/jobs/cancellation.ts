import { AppError } from '../../../shared/ipc/errors';

/**
 * A cancel flag in shared memory: the UI thread sets it, a worker thread reads it synchronously between batches
 * without waiting for a message.
 */
export class CancelFlag {
  readonly buffer: SharedArrayBuffer;
  private readonly view: Int32Array;

  constructor(buffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.view = new Int32Array(buffer);
  }

  cancel(): void {
    Atomics.store(this.view, 0, 1);
  }

  get cancelled(): boolean {
    return Atomics.load(this.view, 0) === 1;
  }

  throwIfCancelled(): void {
    if (this.cancelled) throw new AppError('CANCELLED');
  }
}

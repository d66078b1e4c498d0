import type { PushEventName, PushEvents } from '../../../shared/ipc/contract';

type Listener = <E extends PushEventName>(event: E, payload: PushEvents[E]) => void;

/** Fans push events out to every transport (Electron windows, browser-mode SSE streams, tests). */
export class EventHub {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends PushEventName>(event: E, payload: PushEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}

// The typed event bus between main's services and whichever transport carries
// events to the renderer (Electron IPC or the harness's server-sent events).
import type { DeskEventName, DeskEvents } from '../shared/desk-api';

export type DeskEventListener = <E extends DeskEventName>(name: E, payload: DeskEvents[E]) => void;

export class DeskEventBus {
  private readonly listeners = new Set<DeskEventListener>();

  emit<E extends DeskEventName>(name: E, payload: DeskEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        // A broken transport must not stop the service that emitted.
        console.error(`event listener failed for ${name}:`, error instanceof Error ? error.message : error);
      }
    }
  }

  /** Listens to every event; returns the unsubscribe function. */
  subscribe(listener: DeskEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

// Electron hands listeners an `Event` that carries its own fields and a
// `preventDefault()`; the fake builds them here so every emitter agrees on the shape.
import type { Event } from 'electron';

export function electronEvent<P extends object>(params: P): Event<P> {
  let prevented = false;
  const event = {
    ...params,
    preventDefault: () => {
      prevented = true;
    },
  };
  Object.defineProperty(event, 'defaultPrevented', { get: () => prevented, enumerable: true });
  return event as Event<P>;
}

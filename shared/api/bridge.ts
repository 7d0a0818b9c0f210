// The renderer's view of window.desk, typed from the method table and the event
// map, and the IPC channel names the preload and main/ipc.ts agree on.
// Pure: no Node or DOM imports.
import type { DeskResult } from './common';
import type { DeskEventName, DeskEvents } from './events';
import type { DeskInput, DeskMethodName, DeskOutput } from './methods';

type Area<N extends string> = N extends `${infer A}.${string}` ? A : never;
type MethodOf<N extends string, A extends string> = N extends `${A}.${infer M}` ? M : never;

type BridgeFn<K extends string> = K extends DeskMethodName ? (input: DeskInput<K>) => Promise<DeskResult<DeskOutput<K>>> : never;

/** `window.desk`: `desk.users.open({userId})`, `desk.on('rates.tick', fn)`. */
export type DeskBridge = {
  [A in Area<DeskMethodName>]: {
    [M in MethodOf<DeskMethodName, A>]: BridgeFn<`${A}.${M}`>;
  };
} & {
  on<E extends DeskEventName>(event: E, listener: (payload: DeskEvents[E]) => void): () => void;
};

/** The IPC channel of a method: one per method. */
export function channelOf(name: DeskMethodName): string {
  return `desk:${name}`;
}
export const eventChannel = 'desk:event';

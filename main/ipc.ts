// The only way into main's services: every bridge call arrives here by name, is
// checked against the contract's schema, and leaves as a DeskResult envelope.
// The transports (Electron's ipcMain below, the harness's HTTP server in web/)
// differ only in how they check the caller before calling `dispatch`.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import {
  channelOf,
  deskMethodNames,
  deskMethods,
  type DeskError,
  type DeskHandlers,
  type DeskMethodName,
  type DeskResult,
} from '../shared/desk-api';

export type Dispatch = (methodName: string, rawInput: unknown) => Promise<DeskResult<unknown>>;

function isMethodName(name: string): name is DeskMethodName {
  return Object.prototype.hasOwnProperty.call(deskMethods, name);
}

/** Turns zod issues into per-field messages keyed by the input's field names. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : 'input';
    const message =
      issue.code === 'unrecognized_keys' ? `Unexpected field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.` : issue.message;
    (fields[key] ??= []).push(message);
  }
  return fields;
}

function describeFields(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
    .join(' — ');
}

export function createDispatcher(handlers: DeskHandlers, toDeskError: (error: unknown) => DeskError): Dispatch {
  return async (methodName, rawInput) => {
    if (!isMethodName(methodName)) {
      return { ok: false, error: { kind: 'invalid_input', message: `There is no desk method called "${methodName.slice(0, 80)}".` } };
    }
    const parsed = deskMethods[methodName].input.safeParse(rawInput);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error);
      return {
        ok: false,
        error: { kind: 'invalid_input', message: `Invalid input for ${methodName}: ${describeFields(fieldErrors)}`, fieldErrors },
      };
    }
    try {
      // The handler map is typed per method; here the name is only known at run time.
      const handler = handlers[methodName] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toDeskError(error) };
    }
  };
}

/**
 * Registers one `ipcMain.handle` per contract method and nothing else. A call from
 * any frame other than the desk's own page is refused before its input is read.
 */
export function bindIpcMain(ipcMain: IpcMain, dispatch: Dispatch, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const name of deskMethodNames) {
    ipcMain.handle(channelOf(name), async (event, rawInput: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { kind: 'forbidden', message: 'This window may not call the desk.' } } satisfies DeskResult<never>;
      }
      return dispatch(name, rawInput);
    });
  }
  return () => {
    for (const name of deskMethodNames) ipcMain.removeHandler(channelOf(name));
  };
}

/**
 * The Electron app's binding: the one place outside preload/ that touches the raw
 * `ipcMain` (lint keeps it so). Imported lazily, so the harness and the tests load
 * this module in plain Node, where the `electron` package is only a path.
 */
export async function bindElectronIpc(dispatch: Dispatch, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): Promise<() => void> {
  const { ipcMain } = await import('electron');
  return bindIpcMain(ipcMain, dispatch, isTrustedSender);
}

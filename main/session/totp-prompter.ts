// Bridges `promptTotp` (a function the session awaits) to the UI's event and
// reply: the session asks, listeners (the bridge) tell the renderer, and the
// operator's code comes back through `submit`. One question at a time: a second
// ask while one is open shares it, so a code typed once answers both.
import type { TotpPromptRequest } from './session';

export interface TotpPrompter {
  /** Pass as `promptTotp` to createSession. */
  prompt(request: TotpPromptRequest): Promise<string>;
  /** The operator's code; false when nothing was asking (or the code is not six digits). */
  submit(code: string): boolean;
  /** Rejects the open question (the operator cancelled); the session reports an error. */
  cancel(reason?: string): void;
  onNeeded(listener: (request: TotpPromptRequest) => void): () => void;
  readonly pending: TotpPromptRequest | null;
}

export function createTotpPrompter(): TotpPrompter {
  const listeners = new Set<(request: TotpPromptRequest) => void>();
  let open: {
    request: TotpPromptRequest;
    promise: Promise<string>;
    resolve: (code: string) => void;
    reject: (error: Error) => void;
  } | null = null;

  return {
    prompt(request) {
      if (open) return open.promise;
      let resolve!: (code: string) => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<string>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      open = { request, promise, resolve, reject };
      for (const listener of [...listeners]) listener(request);
      return promise;
    },
    submit(code) {
      const trimmed = code.trim();
      if (!open || !/^\d{6}$/.test(trimmed)) return false;
      const { resolve } = open;
      open = null;
      resolve(trimmed);
      return true;
    },
    cancel(reason = 'No code was entered.') {
      if (!open) return;
      const { reject } = open;
      open = null;
      reject(new Error(reason));
    },
    onNeeded(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get pending() {
      return open?.request ?? null;
    },
  };
}

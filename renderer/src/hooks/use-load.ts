import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replaces the data with a fresher answer the caller already has (e.g. a mutation's result). */
  set: (data: T) => void;
}

/**
 * Loads data for `key` (null: nothing to load) and reloads when the key changes.
 * Answers for an older key are dropped, so a slow reply never overwrites a newer one.
 * The loader is read through a ref so callers can pass an inline closure.
 */
export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const [state, setState] = useState<{ key: string | null; data: T | undefined; error: unknown; loading: boolean }>({
    key: null,
    data: undefined,
    error: null,
    loading: key !== null,
  });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (key === null) return;
    let live = true;
    // Keep the previous data while reloading the same key (no flicker); drop it for a new key.
    setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: null, loading: true }));
    loadRef.current().then(
      (data) => {
        if (live) setState({ key, data, error: null, loading: false });
      },
      (error: unknown) => {
        if (live) setState((s) => ({ ...s, key, error, loading: false }));
      },
    );
    return () => {
      live = false;
    };
  }, [key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const set = useCallback((data: T) => setState((s) => ({ key: s.key, data, error: null, loading: false })), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : null,
    loading: key !== null && (!current || state.loading),
    reload,
    set,
  };
}

// Reading one API resource into a page: loading / error / ready, a reload, and aborting on unmount.
import { useCallback, useEffect, useState } from 'react';
import { api } from './api.ts';

export type Loadable<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: T };

type Slot<T> = { key: string; state: Loadable<T> };

/** `path` null waits (nothing to load yet). `setData` replaces the loaded value (after a write). */
export function useApi<T>(path: string | null) {
  const [attempt, setAttempt] = useState(0);
  const key = `${path ?? ''}#${attempt}`;
  const [slot, setSlot] = useState<Slot<T> | null>(null);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    api.get<T>(path, { signal: controller.signal }).then(
      (data) => setSlot({ key, state: { status: 'ready', data } }),
      (error: unknown) => {
        if (!controller.signal.aborted) setSlot({ key, state: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [path, key]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const setData = useCallback((data: T) => setSlot((current) => (current ? { key: current.key, state: { status: 'ready', data } } : current)), []);

  const state: Loadable<T> = slot && slot.key === key ? slot.state : { status: 'loading' };
  return { state, reload, setData };
}

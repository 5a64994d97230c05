import { DependencyList } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** State of {@link useLoad}. */
export interface LoadState<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  reload: () => void;
}

/** Runs `load` on mount and whenever `deps` change; `reload` runs it again (react-use's `useAsyncRetry`). */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): LoadState<T> {
  const { loading, error, value, retry } = useAsyncRetry(load, deps);
  return { loading, error, value, reload: retry };
}

import { DependencyList } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** State of {@link useAsyncValue}. */
export type AsyncValueState<T> =
  | { loading: true; value?: undefined; error?: undefined }
  | { loading: false; value: T; error?: undefined }
  | { loading: false; value?: undefined; error: Error };

/**
 * Runs `load` when `deps` change and tracks its result: react-use's `useAsync` (which drops a result
 * that arrives after the deps changed again or after unmount), typed as a discriminated union.
 */
export function useAsyncValue<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): AsyncValueState<T> {
  return useAsync(load, deps) as AsyncValueState<T>;
}

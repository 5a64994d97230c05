import { DependencyList, useEffect, useState } from 'react';

/** State of {@link useAsyncValue}. */
export type AsyncValueState<T> =
  | { loading: true; value?: undefined; error?: undefined }
  | { loading: false; value: T; error?: undefined }
  | { loading: false; value?: undefined; error: Error };

/**
 * Runs `load` when `deps` change and tracks its result; a result that arrives after the deps
 * changed again (or after unmount) is dropped.
 */
export function useAsyncValue<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): AsyncValueState<T> {
  const [state, setState] = useState<AsyncValueState<T>>({ loading: true });
  useEffect(() => {
    let current = true;
    setState({ loading: true });
    load().then(
      value => current && setState({ loading: false, value }),
      error =>
        current &&
        setState({
          loading: false,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

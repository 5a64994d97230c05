import type { ItemsPage } from '@modelops/plugin-modelops-common';
import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** State of {@link usePagedList}. */
export interface PagedListState<T> {
  /** Every item of the pages loaded so far, in order. */
  items: T[];
  /** True while a page is being loaded (the first one or the next one). */
  loading: boolean;
  /** The error of the last page load, if it failed (the items loaded before stay). */
  error?: Error;
  /** Whether the backend has more pages (the last page had a `nextCursor`). */
  hasMore: boolean;
  /** Set once the first page has been answered. */
  loaded: boolean;
  /** Loads the next page and appends it (nothing while loading or at the end). */
  loadMore: () => void;
  /** Starts again from the first page. */
  reload: () => void;
}

/**
 * A cursor-paged listing loaded page by page: the first page on mount and whenever `deps` change,
 * the next one on `loadMore` (a "Load more" button). Answers of an earlier `deps` or `reload` are
 * dropped.
 */
export function usePagedList<T>(
  loadPage: (cursor?: string) => Promise<ItemsPage<T>>,
  deps: DependencyList,
): PagedListState<T> {
  const [state, setState] = useState<{
    items: T[];
    cursor?: string;
    loading: boolean;
    loaded: boolean;
    error?: Error;
  }>({ items: [], loading: true, loaded: false });
  const generation = useRef(0);
  const busy = useRef(false);
  const load = useRef(loadPage);
  load.current = loadPage;

  const fetchPage = useCallback((cursor: string | undefined, gen: number) => {
    busy.current = true;
    setState(s => ({ ...s, loading: true, error: undefined }));
    load.current(cursor).then(
      page => {
        if (gen !== generation.current) return;
        busy.current = false;
        setState(s => ({
          items: cursor ? [...s.items, ...page.items] : page.items,
          cursor: page.nextCursor,
          loading: false,
          loaded: true,
        }));
      },
      error => {
        if (gen !== generation.current) return;
        busy.current = false;
        setState(s => ({ ...s, loading: false, loaded: true, error }));
      },
    );
  }, []);

  const reload = useCallback(() => {
    generation.current += 1;
    setState({ items: [], loading: true, loaded: false });
    fetchPage(undefined, generation.current);
  }, [fetchPage]);

  // The caller's deps decide when the list starts again (as in react-use's useAsync); reload is
  // stable and reads loadPage through a ref, so the rule cannot see that this is complete.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(reload, deps);

  const loadMore = useCallback(() => {
    if (busy.current || !state.cursor) return;
    fetchPage(state.cursor, generation.current);
  }, [fetchPage, state.cursor]);

  return {
    items: state.items,
    loading: state.loading,
    error: state.error,
    hasMore: !!state.cursor,
    loaded: state.loaded,
    loadMore,
    reload,
  };
}

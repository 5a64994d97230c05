import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { PagedListState } from '../../../hooks/usePagedList';

/**
 * The "Load more" button under a paged list: shown while the backend has more pages, disabled
 * while a page loads; a failed page load is shown with the button to try again.
 */
export function LoadMore(props: {
  list: Pick<
    PagedListState<unknown>,
    'hasMore' | 'loading' | 'error' | 'loadMore'
  >;
  /** What is loaded, for the button's accessible name ("Load more requests"). */
  what?: string;
}) {
  const { list, what } = props;
  if (!list.hasMore) return null;
  return (
    <Box mt={1} display="flex" alignItems="center" style={{ gap: 8 }}>
      <Button
        variant="outlined"
        size="small"
        disabled={list.loading}
        onClick={list.loadMore}
      >
        {list.loading ? 'Loading…' : `Load more${what ? ` ${what}` : ''}`}
      </Button>
      {list.error && (
        <Typography variant="body2" color="error" role="alert">
          Could not load the next page: {list.error.message}
        </Typography>
      )}
    </Box>
  );
}

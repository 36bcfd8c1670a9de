import { useCallback, useRef, useState } from "react";

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

type FetchNextPage = (options: { variables: { after: string } }) => Promise<unknown>;

export interface LoadMoreState {
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
}

/**
 * Fetches the page after `pageInfo` of a cursor connection; the cache's
 * relayStylePagination policy appends it to the list on screen.
 */
export function useLoadMore(pageInfo: PageInfo | undefined, fetchMore: FetchNextPage): LoadMoreState {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A ref, not state: an intersection callback may fire again before React re-renders.
  const inFlight = useRef(false);
  const endCursor = pageInfo?.hasNextPage ? pageInfo.endCursor : null;

  const loadMore = useCallback(() => {
    if (!endCursor || inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    fetchMore({ variables: { after: endCursor } })
      .catch(setError)
      .finally(() => {
        inFlight.current = false;
        setLoading(false);
      });
  }, [endCursor, fetchMore]);

  return { hasMore: endCursor !== null, loading, error, loadMore };
}

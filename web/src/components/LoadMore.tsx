import { useEffect, useRef } from "react";
import { errorMessageOf } from "../apollo/apiErrors";
import type { LoadMoreState } from "../hooks/useLoadMore";

interface LoadMoreProps {
  pagination: LoadMoreState;
  /** Load as the end of the list scrolls into view; the button stays for keyboard users. */
  autoLoad?: boolean;
}

export function LoadMore({ pagination, autoLoad = false }: LoadMoreProps) {
  const { hasMore, loading, error, loadMore } = pagination;
  const sentinelRef = useRef<HTMLDivElement>(null);
  const canAutoLoad = autoLoad && hasMore && !loading && !error;

  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!canAutoLoad || !sentinel) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadMore();
      },
      { rootMargin: "400px 0px" },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [canAutoLoad, loadMore]);

  if (!hasMore) return null;
  return (
    <div ref={sentinelRef} className="load-more">
      {error ? (
        <p className="alert alert-error" role="alert">
          More results could not be loaded. {errorMessageOf(error)}
        </p>
      ) : null}
      <button
        type="button"
        className="button button-secondary"
        onClick={loadMore}
        disabled={loading}
        aria-busy={loading}
      >
        {loading ? "Loading more…" : error ? "Try again" : "Load more"}
      </button>
    </div>
  );
}

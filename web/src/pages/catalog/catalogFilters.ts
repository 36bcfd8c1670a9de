import type { CourseFilter, CourseOrder } from "../../gql/graphql";

export const SORT_OPTIONS = [
  { value: "relevance", label: "Best match" },
  { value: "newest", label: "Newest" },
  { value: "popular", label: "Most popular" },
  { value: "rating", label: "Highest rated" },
  { value: "title", label: "Title (A–Z)" },
  { value: "price", label: "Price (low to high)" },
] as const;

export type SortKey = (typeof SORT_OPTIONS)[number]["value"];

/** "relevance" sends no order: the API ranks search results itself, and lists the newest first without a search. */
const ORDER_OF_SORT: Record<SortKey, CourseOrder | undefined> = {
  relevance: undefined,
  newest: { field: "PUBLISHED_AT", direction: "DESC" },
  popular: { field: "POPULARITY", direction: "DESC" },
  rating: { field: "RATING", direction: "DESC" },
  title: { field: "TITLE", direction: "ASC" },
  price: { field: "PRICE", direction: "ASC" },
};

export interface CatalogFilters {
  search: string;
  tag: string;
  freeOnly: boolean;
  /** The order the visitor chose; null for the default, see sortOf. */
  sort: SortKey | null;
}

function isSortKey(value: string | null): value is SortKey {
  return SORT_OPTIONS.some((option) => option.value === value);
}

/** "Best match" ranks search results; with nothing searched there is nothing to match. */
export function sortOptionsFor(filters: CatalogFilters) {
  return filters.search ? SORT_OPTIONS : SORT_OPTIONS.filter((option) => option.value !== "relevance");
}

/** The order in effect: the chosen one, else "Best match" while searching and "Newest" otherwise. */
export function sortOf(filters: CatalogFilters): SortKey {
  if (filters.sort && sortOptionsFor(filters).some((option) => option.value === filters.sort)) return filters.sort;
  return filters.search ? "relevance" : "newest";
}

/** Choosing "Best match" returns to the default, so the order follows the search box again. */
export function withSort(filters: CatalogFilters, sort: SortKey): CatalogFilters {
  return { ...filters, sort: sort === "relevance" ? null : sort };
}

/** The filters live in the URL, so results can be shared, bookmarked and navigated back to. */
export function catalogFiltersFrom(params: URLSearchParams): CatalogFilters {
  const sort = params.get("sort");
  return {
    search: params.get("q") ?? "",
    tag: params.get("tag") ?? "",
    freeOnly: params.get("free") === "1",
    sort: isSortKey(sort) && sort !== "relevance" ? sort : null,
  };
}

export function catalogSearchParams(filters: CatalogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search) params.set("q", filters.search);
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.freeOnly) params.set("free", "1");
  if (filters.sort && filters.sort !== "relevance") params.set("sort", filters.sort);
  return params;
}

export function hasActiveFilters(filters: CatalogFilters): boolean {
  return catalogSearchParams({ ...filters, sort: null }).toString() !== "";
}

export function catalogQueryVariables(filters: CatalogFilters, pageSize: number) {
  const filter: CourseFilter = {
    search: filters.search || undefined,
    tag: filters.tag || undefined,
    free: filters.freeOnly || undefined,
  };
  return { first: pageSize, filter, orderBy: ORDER_OF_SORT[sortOf(filters)] };
}

export function catalogPathForTag(tag: string): string {
  const params = catalogSearchParams({ search: "", tag, freeOnly: false, sort: null });
  return `/courses?${params}`;
}

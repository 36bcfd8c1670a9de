import type { CourseFilter, CourseOrder } from "../../gql/graphql";

export const SORT_OPTIONS = [
  { value: "relevance", label: "Best match" },
  { value: "newest", label: "Newest" },
  { value: "popular", label: "Most popular" },
  { value: "title", label: "Title (A–Z)" },
  { value: "price", label: "Price (low to high)" },
] as const;

export type SortKey = (typeof SORT_OPTIONS)[number]["value"];

/** "relevance" sends no order: the API ranks search results itself. */
const ORDER_OF_SORT: Record<SortKey, CourseOrder | undefined> = {
  relevance: undefined,
  newest: { field: "PUBLISHED_AT", direction: "DESC" },
  popular: { field: "POPULARITY", direction: "DESC" },
  title: { field: "TITLE", direction: "ASC" },
  price: { field: "PRICE", direction: "ASC" },
};

export interface CatalogFilters {
  search: string;
  tag: string;
  freeOnly: boolean;
  sort: SortKey;
}

function isSortKey(value: string | null): value is SortKey {
  return SORT_OPTIONS.some((option) => option.value === value);
}

/** The filters live in the URL, so results can be shared, bookmarked and navigated back to. */
export function catalogFiltersFrom(params: URLSearchParams): CatalogFilters {
  const sort = params.get("sort");
  return {
    search: params.get("q") ?? "",
    tag: params.get("tag") ?? "",
    freeOnly: params.get("free") === "1",
    sort: isSortKey(sort) ? sort : "relevance",
  };
}

export function catalogSearchParams(filters: CatalogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search) params.set("q", filters.search);
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.freeOnly) params.set("free", "1");
  if (filters.sort !== "relevance") params.set("sort", filters.sort);
  return params;
}

export function hasActiveFilters(filters: CatalogFilters): boolean {
  return catalogSearchParams({ ...filters, sort: "relevance" }).toString() !== "";
}

export function catalogQueryVariables(filters: CatalogFilters, pageSize: number) {
  const filter: CourseFilter = {
    search: filters.search || undefined,
    tag: filters.tag || undefined,
    free: filters.freeOnly || undefined,
  };
  return { first: pageSize, filter, orderBy: ORDER_OF_SORT[filters.sort] };
}

export function catalogPathForTag(tag: string): string {
  const params = catalogSearchParams({ search: "", tag, freeOnly: false, sort: "relevance" });
  return `/courses?${params}`;
}

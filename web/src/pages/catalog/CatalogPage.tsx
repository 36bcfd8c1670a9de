import { useQuery } from "@apollo/client/react";
import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { LoadMore } from "../../components/LoadMore";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import { CatalogCoursesDocument } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { usePageTitle } from "../../hooks/usePageTitle";
import { CatalogFilters } from "./CatalogFilters";
import {
  catalogFiltersFrom,
  catalogQueryVariables,
  catalogSearchParams,
  hasActiveFilters,
  type CatalogFilters as Filters,
} from "./catalogFilters";
import { CourseCard } from "./CourseCard";
import { useKnownTags } from "./useKnownTags";

const PAGE_SIZE = 12;

export default function CatalogPage() {
  usePageTitle("Courses");
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = catalogFiltersFrom(searchParams);
  const { data, previousData, loading, error, refetch, fetchMore } = useQuery(
    CatalogCoursesDocument,
    { variables: catalogQueryVariables(filters, PAGE_SIZE) },
  );
  // While new filters load, keep the previous results on screen, dimmed.
  const connection = (data ?? previousData)?.courses;
  const courses = useMemo(() => connection?.edges.map((edge) => edge.node) ?? [], [connection]);
  const knownTags = useKnownTags(courses, filters.tag);
  const pagination = useLoadMore(connection?.pageInfo, fetchMore);

  const updating = loading && !pagination.loading;

  const changeFilters = (next: Filters) =>
    setSearchParams(catalogSearchParams(next), { replace: true });

  return (
    <section className="page">
      <h1>Courses</h1>
      <CatalogFilters filters={filters} knownTags={knownTags} onChange={changeFilters} />
      <p className="result-count" role="status">
        {connection && !updating
          ? formatCount(connection.totalCount, "course")
          : ""}
      </p>
      {error && !data ? (
        <ErrorState error={error} title="Courses could not be loaded" onRetry={() => void refetch()} />
      ) : !connection ? (
        <LoadingState label="Loading courses…" />
      ) : courses.length === 0 ? (
        <EmptyState title={hasActiveFilters(filters) ? "No course matches" : "No courses yet"}>
          {hasActiveFilters(filters) && <p>Try other words, another tag, or clear the filters.</p>}
        </EmptyState>
      ) : (
        <>
          <ul className="course-grid" aria-busy={updating}>
            {courses.map((course) => (
              <li key={course.id}>
                <CourseCard course={course} />
              </li>
            ))}
          </ul>
          <LoadMore pagination={pagination} autoLoad />
        </>
      )}
    </section>
  );
}

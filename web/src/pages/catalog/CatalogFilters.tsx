import { SearchField } from "../../components/forms/SearchField";
import { SelectField } from "../../components/forms/SelectField";
import {
  hasActiveFilters,
  sortOf,
  sortOptionsFor,
  withSort,
  type CatalogFilters as Filters,
  type SortKey,
} from "./catalogFilters";

interface CatalogFiltersProps {
  filters: Filters;
  knownTags: readonly string[];
  onChange: (filters: Filters) => void;
}

export function CatalogFilters({ filters, knownTags, onChange }: CatalogFiltersProps) {
  const tagOptions = [
    { value: "", label: "All tags" },
    ...knownTags.map((tag) => ({ value: tag, label: tag })),
  ];
  return (
    <form className="catalog-filters" role="search" onSubmit={(event) => event.preventDefault()}>
      <SearchField
        label="Search courses"
        value={filters.search}
        placeholder="Title, topic, tag or instructor"
        onSearch={(search) => onChange({ ...filters, search })}
      />
      <SelectField
        label="Tag"
        options={tagOptions}
        value={filters.tag}
        onChange={(event) => onChange({ ...filters, tag: event.target.value })}
      />
      <SelectField
        label="Sort by"
        options={sortOptionsFor(filters)}
        value={sortOf(filters)}
        onChange={(event) => onChange(withSort(filters, event.target.value as SortKey))}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={filters.freeOnly}
          onChange={(event) => onChange({ ...filters, freeOnly: event.target.checked })}
        />
        Free courses only
      </label>
      {hasActiveFilters(filters) && (
        <button
          type="button"
          className="button button-ghost"
          onClick={() => onChange({ search: "", tag: "", freeOnly: false, sort: filters.sort })}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}

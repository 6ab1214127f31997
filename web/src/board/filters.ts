/** The board's filters, as URL parameters (a view is a link) and as `GET /board` parameters. */
export const filterNames = ['policy', 'plan', 'priority', 'organisation', 'assignee', 'status', 'atRisk', 'breached'] as const;
export type FilterName = (typeof filterNames)[number];
export type Filters = Partial<Record<FilterName, string>>;

export function filtersFrom(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of filterNames) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

export function paramsOf(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of filterNames) if (filters[name]) params.set(name, filters[name]!);
  return params;
}

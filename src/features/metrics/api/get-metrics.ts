import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { MetricsDto, MetricsQuery } from '../../../contracts/metrics';
import { apiRequest } from '../../../lib/api-client';
import { querySearch } from '../model/view-state';

/** The User Timing mark set when a metrics answer has arrived and been parsed (read by scripts/bench-metrics-page.ts). */
export const METRICS_DATA_MARK = 'metrics:data';

export async function getMetrics(query: MetricsQuery, signal?: AbortSignal): Promise<MetricsDto> {
  const answer = await apiRequest<MetricsDto>(`/api/v1/metrics?${querySearch(query)}`, { signal });
  performance.mark(METRICS_DATA_MARK);
  return answer;
}

/** Where the same numbers download as CSV. */
export function metricsCsvUrl(query: MetricsQuery): string {
  return `/api/v1/metrics.csv?${querySearch(query)}`;
}

export const metricsQueryOptions = (query: MetricsQuery) =>
  queryOptions({
    queryKey: ['metrics', querySearch(query)] as const,
    queryFn: ({ signal }) => getMetrics(query, signal),
    staleTime: 60_000,
  });

/**
 * The metrics for a query; while the next range loads, the previous charts stay (dimmed by the page)
 * rather than collapsing to a spinner. Without a query (the form holds no dates) nothing is fetched.
 */
export function useMetrics(query: MetricsQuery | null) {
  return useQuery({
    ...metricsQueryOptions(query ?? { from: '', to: '', zone: '' }),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

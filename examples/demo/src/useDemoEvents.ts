import { useQuery } from '@tanstack/react-query'
import { demoApi } from './api'

/** The outbox and what Cello received, refreshed every second. */
export function useDemoEvents() {
  return useQuery({ queryKey: ['demo', 'events'], queryFn: demoApi.events, refetchInterval: 1000 })
}

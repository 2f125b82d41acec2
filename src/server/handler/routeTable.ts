// How createCelloHandler finds a route (issue 25): no regular expression and no array per request.
import type { BffRouteHandlers } from './handlerResponses'

type RouteRun = BffRouteHandlers[keyof BffRouteHandlers]

/** The routes that answer one path: each method's, the `Allow` list, the `:name` segment. */
export interface RouteMatch {
  run: Map<string, RouteRun>
  allow: string
  param: string
}

/**
 * The routes by path: fixed paths from a Map, the `/prefix/:name` ones by their prefix and one
 * segment after it (`GET /referral-codes/:code` matches `/referral-codes/abc`, not `/…/abc/x`).
 */
export function routeTable(handlers: BffRouteHandlers) {
  const fixed = new Map<string, RouteMatch>()
  const withParam = new Map<string, RouteMatch>()
  for (const [route, run] of Object.entries(handlers)) {
    const [method = '', path = ''] = route.split(' ')
    const colon = path.indexOf('/:')
    const [table, key] = colon < 0 ? [fixed, path] : [withParam, path.slice(0, colon + 1)]
    const entry = table.get(key) ?? { run: new Map(), allow: '', param: '' }
    entry.run.set(method, run)
    entry.allow = [...entry.run.keys()].join(', ')
    table.set(key, entry)
  }
  return {
    match(rest: string): RouteMatch | undefined {
      const found = fixed.get(rest)
      if (found) return found
      for (const [prefix, entry] of withParam) {
        if (rest.length > prefix.length && rest.startsWith(prefix) && !rest.includes('/', prefix.length))
          return { ...entry, param: rest.slice(prefix.length) }
      }
      return undefined
    },
  }
}

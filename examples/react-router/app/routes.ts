import { type RouteConfig, index, route } from '@react-router/dev/routes'

export default [
  index('routes/home.tsx'),
  route('pricing', 'routes/pricing.tsx'),
  route('signup', 'routes/signup.tsx'),
  route('account', 'routes/account.tsx'),
  // The BFF: every path under /api/cello, GET and POST, on one resource route.
  route('api/cello/*', 'routes/api.cello.$.ts'),
] satisfies RouteConfig

// React Query's APIs that the package uses, re-exported from one module for the reason given in
// ./react: one import statement of @tanstack/react-query in an esbuild bundle, not one per file.
export { QueryClient, QueryClientContext, queryOptions, useMutation, useQuery } from '@tanstack/react-query'

'use client'
// The client wrapper: a Server Component cannot pass functions (onError, bff, storage,
// messages.title as a function) to CelloProvider, so they live here, in a client component,
// and the layout passes only data (the referral read on the server, the script URL).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { CelloProvider, type Referral } from 'react-cello'

export function CelloClientProvider({
  initialReferral,
  scriptSrc,
  children,
}: {
  initialReferral: Referral | null
  scriptSrc?: string
  children: ReactNode
}) {
  // The app's own React Query client; CelloProvider uses the one above it.
  const [queryClient] = useState(() => new QueryClient())
  return (
    <QueryClientProvider client={queryClient}>
      <CelloProvider
        environment="sandbox"
        scriptSrc={scriptSrc}
        initialReferral={initialReferral}
        onError={(error) => console.warn(`[cello] ${error.code}: ${error.message}`)}
      >
        {children}
      </CelloProvider>
    </QueryClientProvider>
  )
}

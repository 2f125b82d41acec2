// The root route: its loader calls a server function that captures the referral on the page
// request (?ucc=…&celloN=… into server-set cookies that last 3 months; Safari caps script-set ones
// at 7 days) and hands it to CelloProvider, so the banner with the referrer's name is in the
// server HTML of the first visit. https://docs.cello.so/attribution/for-web
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createRootRoute, HeadContent, Link, Outlet, Scripts } from '@tanstack/react-router'
import { createServerFn } from '@tanstack/react-start'
import { getWebRequest, setResponseHeader } from '@tanstack/react-start/server'
import { useState } from 'react'
import { CelloProvider } from 'react-cello'
import { captureReferral } from 'react-cello/edge'
import celloStyles from 'react-cello/styles.css?url'
import appStyles from '../app.css?url'
import { ReferralBanner } from '../ReferralBanner'

// Runs on the server: during server rendering, with the page request and its response.
const captureOnRequest = createServerFn({ method: 'GET' }).handler(() => {
  const { referral, setCookies } = captureReferral(getWebRequest())
  // Set, not appended, so a second call in one request adds nothing. (Start 1.131 writes the page
  // response's Set-Cookie lines twice, identical: harmless.)
  if (setCookies.length) setResponseHeader('set-cookie', setCookies)
  // CELLO_SCRIPT_SRC is read per request (the example's test points it at a fake script).
  return { referral, scriptSrc: process.env.CELLO_SCRIPT_SRC || undefined }
})

export const Route = createRootRoute({
  head: () => ({
    meta: [
      { charSet: 'utf-8' },
      { name: 'viewport', content: 'width=device-width, initial-scale=1' },
      { title: 'Moonly: react-cello in TanStack Start' },
    ],
    links: [
      { rel: 'stylesheet', href: celloStyles },
      { rel: 'stylesheet', href: appStyles },
    ],
  }),
  loader: () => captureOnRequest(),
  // The referral is read once, on the page request: navigations do not call the loader again.
  shouldReload: false,
  component: Root,
})

function Root() {
  const { referral, scriptSrc } = Route.useLoaderData()
  // The app's own React Query client; CelloProvider uses the one above it.
  const [queryClient] = useState(() => new QueryClient())
  return (
    <html lang="en">
      <head>
        <HeadContent />
      </head>
      <body>
        <QueryClientProvider client={queryClient}>
          <CelloProvider
            environment="sandbox"
            scriptSrc={scriptSrc}
            initialReferral={referral}
            onError={(error) => console.warn(`[cello] ${error.code}: ${error.message}`)}
          >
            <ReferralBanner />
            <nav>
              <Link to="/">Moonly</Link> <Link to="/pricing">Pricing</Link> <Link to="/signup">Sign up</Link>{' '}
              <Link to="/account">Account</Link>
            </nav>
            <main>
              <Outlet />
            </main>
          </CelloProvider>
        </QueryClientProvider>
        <Scripts />
      </body>
    </html>
  )
}

// The root route: its loader captures the referral on every page request (?ucc=…&celloN=… into
// server-set cookies that last 3 months; Safari caps script-set ones at 7 days) and hands it to
// CelloProvider, so the banner with the referrer's name is in the server HTML of the first visit.
// https://docs.cello.so/attribution/for-web
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { data, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData } from 'react-router'
import { CelloProvider } from 'react-cello'
import { captureReferral } from 'react-cello/edge'
import 'react-cello/styles.css'
import './app.css'
import type { Route } from './+types/root'
import { ReferralBanner } from './ReferralBanner'

export function loader({ request }: Route.LoaderArgs) {
  const { referral, setCookies } = captureReferral(request)
  // Set-Cookie from a loader goes on the page response.
  return data(
    // CELLO_SCRIPT_SRC is read per request, on the server (the example's test points it at a fake script).
    { referral, scriptSrc: process.env.CELLO_SCRIPT_SRC || undefined },
    { headers: setCookies.map((cookie): [string, string] => ['set-cookie', cookie]) },
  )
}

// The referral is read once, on the page request: navigations do not call the loader again.
export const shouldRevalidate = () => false

export const meta: Route.MetaFunction = () => [{ title: 'Moonly: react-cello in React Router' }]

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  const { referral, scriptSrc } = useLoaderData<typeof loader>()
  // The app's own React Query client; CelloProvider uses the one above it.
  const [queryClient] = useState(() => new QueryClient())
  return (
    <QueryClientProvider client={queryClient}>
      <CelloProvider
        environment="sandbox"
        scriptSrc={scriptSrc}
        initialReferral={referral}
        onError={(error) => console.warn(`[cello] ${error.code}: ${error.message}`)}
      >
        <ReferralBanner />
        <nav>
          <NavLink to="/">Moonly</NavLink> <NavLink to="/pricing">Pricing</NavLink>{' '}
          <NavLink to="/signup">Sign up</NavLink> <NavLink to="/account">Account</NavLink>
        </nav>
        <main>
          <Outlet />
        </main>
      </CelloProvider>
    </QueryClientProvider>
  )
}

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { CelloProvider, type CelloConsent } from 'react-cello'
import { CelloDevtools } from 'react-cello/devtools'
import 'react-cello/styles.css'
import './demo.css'
import { App } from './App'

declare global {
  interface Window {
    /** Set by the demo server: where the attribution script and cello.js come from. */
    __DEMO__?: {
      scriptSrc?: string
      environment?: 'production' | 'sandbox'
      /** The Referral Component's product (and the fake cello.js without keys); absent: off. */
      referral?: { productId: string; scriptSrc?: string }
    }
  }
}

const queryClient = new QueryClient()
const CONSENT_KEY = 'demo-consent'

function Root() {
  const [consent, setConsent] = useState<CelloConsent>(
    () => (localStorage.getItem(CONSENT_KEY) as CelloConsent | null) ?? 'pending',
  )
  const decide = (value: CelloConsent) => {
    localStorage.setItem(CONSENT_KEY, value)
    setConsent(value)
  }
  return (
    <QueryClientProvider client={queryClient}>
      <CelloProvider
        consent={consent}
        scriptSrc={window.__DEMO__?.scriptSrc}
        environment={window.__DEMO__?.environment}
        debug
      >
        <App />
        {/* "Why wasn't this referral attributed?": the corner button; renders nothing in a production build. */}
        <CelloDevtools />
        {consent === 'pending' && (
          <aside className="consent" aria-label="Cookie consent">
            <p>Moonly uses a referral cookie so your friend gets credit if you sign up later.</p>
            <button type="button" onClick={() => decide('granted')}>
              Accept
            </button>
            <button type="button" onClick={() => decide('denied')}>
              Decline
            </button>
          </aside>
        )}
      </CelloProvider>
    </QueryClientProvider>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
)

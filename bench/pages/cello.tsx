// The react-cello page of the time-to-code benchmark: a signup form that reads the code with useUcc.
import { useLayoutEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { CelloProvider, NewUserBanner, useUcc } from '../../src'

declare global {
  interface Window {
    __codeAt?: number
    __commits?: number
    __settledStatus?: string
  }
}

function SignupForm() {
  const { ucc, status } = useUcc()
  useLayoutEffect(() => {
    window.__commits = (window.__commits ?? 0) + 1
    if (ucc && window.__codeAt === undefined) window.__codeAt = performance.now()
    if (status !== 'loading') window.__settledStatus = status
  })
  return (
    <form>
      <input type="hidden" name="ucc" value={ucc ?? ''} />
      <input name="email" aria-label="Email" />
    </form>
  )
}

const scriptSrc = `/script.js?delay=${new URLSearchParams(location.search).get('delay')}`
createRoot(document.getElementById('root')!).render(
  <CelloProvider scriptSrc={scriptSrc} timeoutMs={4000}>
    <NewUserBanner />
    <SignupForm />
    <main style={{ height: 600 }}>Content</main>
  </CelloProvider>,
)

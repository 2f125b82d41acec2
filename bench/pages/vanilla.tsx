// The baseline page of the time-to-code benchmark: the same React signup form, reading the code
// the way Cello documents it (queue stub + script tag in <head>, `await CelloAttribution('getUcc')`).
import { useEffect, useLayoutEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'

declare global {
  interface Window {
    __codeAt?: number
    __commits?: number
  }
}

function SignupForm() {
  const [ucc, setUcc] = useState<string | null>(null)
  useEffect(() => {
    void window.CelloAttribution!('getUcc').then((value) => setUcc((value as string) ?? null))
  }, [])
  useLayoutEffect(() => {
    window.__commits = (window.__commits ?? 0) + 1
    if (ucc && window.__codeAt === undefined) window.__codeAt = performance.now()
  })
  return (
    <form>
      <input type="hidden" name="ucc" value={ucc ?? ''} />
      <input name="email" aria-label="Email" />
    </form>
  )
}

createRoot(document.getElementById('root')!).render(<SignupForm />)

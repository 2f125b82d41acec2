import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter } from 'react-router'
import { CelloProvider } from 'react-cello'
import 'react-cello/styles.css'
import './app.css'
import { App } from './App'

// Cello's script from Cello's CDN, unless the server named another (the example's test does).
const scriptSrc = document.querySelector<HTMLMetaElement>('meta[name="cello-script-src"]')?.content || undefined
const queryClient = new QueryClient()

// No initialReferral: in the browser the provider reads ?ucc and the cookies the server set on
// the page response itself, on its first render.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <CelloProvider
        environment="sandbox"
        scriptSrc={scriptSrc}
        onError={(error) => console.warn(`[cello] ${error.code}: ${error.message}`)}
      >
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </CelloProvider>
    </QueryClientProvider>
  </StrictMode>,
)

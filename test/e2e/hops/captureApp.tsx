// The React landing page of the capture journeys (hopsCapture.e2e.test.ts): CelloProvider with the
// props the server put in #config, the code it knows, and one link onwards. Bundled by
// captureServers.ts with esbuild (split, so the link decoration loads by import() as in an app).
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { CelloProvider, useUcc, type CelloProviderProps } from '../../../src/index'

interface Config {
  props: CelloProviderProps
  link: string
}

const config: Config = JSON.parse(document.getElementById('config')?.textContent ?? '{}')

function Landing() {
  const { ucc } = useUcc()
  return createElement(
    'main',
    null,
    createElement('h1', null, 'Landing'),
    createElement('p', { 'data-testid': 'ucc' }, ucc ?? 'none'),
    createElement('a', { href: config.link }, 'Sign up'),
  )
}

const root = document.getElementById('root')
if (root) createRoot(root).render(createElement(CelloProvider, config.props, createElement(Landing)))

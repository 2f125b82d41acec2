import type { Preview } from '@storybook/react-vite'
import { setupWorker } from 'msw/browser'
import type { RequestHandler } from 'msw'
import '../src/styles.css'
import './preview.css'
import { isDocsStoryFrame, loadStoryBoxesEagerly, preventFocusScroll } from './docsFrame'
import { installCookieJar, installMemoryStorage } from './isolateFrame'

installCookieJar()
installMemoryStorage()
// A story box on a docs page: it must not scroll the page, and the accessibility check, which
// runs where each story is tested (Vitest) and opened on its own, need not run again in each box.
const inDocsPage = isDocsStoryFrame()
if (inDocsPage) preventFocusScroll()
// The docs page itself.
if (new URLSearchParams(window.location.search).get('viewMode') === 'docs') loadStoryBoxesEagerly()

// One MSW worker for the catalog: stories declare the BFF's answers in `parameters.msw`, so no
// story ever reaches the network.
const worker = setupWorker()
let started: Promise<unknown> | null = null

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // An accessibility violation fails the story, in the catalog and in `npm test`.
    a11y: { test: 'error' },
    // Each story of a docs page in its own iframe, so each has its own URL, script double, MSW
    // handlers and (see cookieJar.ts) cookies: a page's stories never see each other's state.
    docs: { story: { inline: false, iframeHeight: '140px' } },
  },
  initialGlobals: { a11y: { manual: inDocsPage } },
  tags: ['autodocs'],
  loaders: [
    async ({ parameters }) => {
      const handlers = (parameters.msw as RequestHandler[] | undefined) ?? []
      // A story without a BFF (the banner, the landing page) does not wait for the worker.
      if (handlers.length === 0 && !started) return {}
      started ??= worker.start({
        quiet: true,
        onUnhandledRequest: 'bypass',
        serviceWorker: { url: './mockServiceWorker.js' },
      })
      await started
      worker.resetHandlers(...handlers)
      return {}
    },
  ],
}

export default preview

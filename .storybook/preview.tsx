import type { Preview } from '@storybook/react-vite'
import { setupWorker } from 'msw/browser'
import type { RequestHandler } from 'msw'
import '../src/styles.css'
import './preview.css'
import { installCookieJar, installMemoryStorage } from './isolateFrame'

installCookieJar()
installMemoryStorage()

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
  tags: ['autodocs'],
  loaders: [
    async ({ parameters }) => {
      started ??= worker.start({
        quiet: true,
        onUnhandledRequest: 'bypass',
        serviceWorker: { url: './mockServiceWorker.js' },
      })
      await started
      worker.resetHandlers(...((parameters.msw as RequestHandler[] | undefined) ?? []))
      return {}
    },
  ],
}

export default preview

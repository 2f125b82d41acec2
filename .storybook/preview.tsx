import type { Preview } from '@storybook/react-vite'
import { setupWorker } from 'msw/browser'
import type { RequestHandler } from 'msw'
import '../src/styles.css'

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
  },
  tags: ['autodocs'],
  loaders: [
    async ({ parameters }) => {
      started ??= worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: './mockServiceWorker.js' } })
      await started
      worker.resetHandlers(...((parameters.msw as RequestHandler[] | undefined) ?? []))
      return {}
    },
  ],
}

export default preview

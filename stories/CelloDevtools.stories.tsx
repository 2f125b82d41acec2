import type { Meta, StoryObj } from '@storybook/react-vite'
import { http, HttpResponse } from 'msw'
import type { ReactNode } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { CelloUccInput, type CelloConsent } from '../src'
import { CelloDevtoolsPanel } from '../src/devtools/CelloDevtoolsPanel'
import { createBffHandlers, createFakeBffState } from '../test/support/bffHandlers'
import './catalog.css'
import { StoryProvider, visit, type ScriptBehaviour } from './storyHelpers'

/** The page around the panel in each story. */
interface DevtoolsPage {
  query?: string
  script?: ScriptBehaviour
  consent?: CelloConsent
  cookieDomain?: string
  /** Mount a second CelloProvider. */
  twoProviders?: boolean
  /** The signup form's `ucc` field: the current code, none, or an old value. */
  form?: 'ucc' | 'none' | 'stale'
}

function SignupForm({ form = 'ucc' }: Pick<DevtoolsPage, 'form'>) {
  return (
    <form aria-labelledby="devtools-signup-title" onSubmit={(event) => event.preventDefault()}>
      <h2 id="devtools-signup-title">Sign up</h2>
      <label htmlFor="devtools-email">Email</label> <input id="devtools-email" name="email" type="email" />
      {form === 'ucc' && <CelloUccInput />}
      {form === 'stale' && <input type="hidden" name="ucc" defaultValue="oldCode1234" />}
    </form>
  )
}

function Page({ page, children }: { page: DevtoolsPage; children: ReactNode }) {
  return (
    <div style={{ minHeight: 760, padding: 16 }}>
      <StoryProvider script={page.script} consent={page.consent} cookieDomain={page.cookieDomain}>
        <SignupForm form={page.form} />
        {children}
      </StoryProvider>
      {page.twoProviders && (
        <StoryProvider script={page.script} consent={page.consent}>
          <p>A second provider, in a widget of the page.</p>
        </StoryProvider>
      )}
    </div>
  )
}

/**
 * `<CelloDevtools />` in each situation it diagnoses: findings on top, then the code and its
 * sources, cookies, consent, the attribution script, campaign and banner, forms, the BFF and the
 * server trace. The panel lives in a shadow root; in an app it renders nothing outside development.
 */
const meta = {
  title: 'Tools/CelloDevtools',
  component: CelloDevtoolsPanel,
  args: { initialIsOpen: true, position: 'bottom-right' },
  argTypes: { overrides: { control: false } },
  parameters: {
    layout: 'fullscreen',
    story: { query: '?ucc=pNRB1aYqArN' } as DevtoolsPage,
    msw: createBffHandlers(createFakeBffState()),
    docs: {
      story: { iframeHeight: '780px' },
      source: {
        language: 'tsx',
        code: `import { CelloProvider } from 'react-cello'
import { CelloDevtools } from 'react-cello/devtools'

export function App() {
  return (
    <CelloProvider>
      <Routes />
      {/* Renders nothing outside development builds (≤ 100 B in production). */}
      <CelloDevtools />
    </CelloProvider>
  )
}`,
      },
    },
  },
  beforeEach: ({ parameters }) => visit({ query: (parameters.story as DevtoolsPage).query }),
  render: (args, { parameters }) => (
    <Page page={parameters.story as DevtoolsPage}>
      <CelloDevtoolsPanel {...args} />
    </Page>
  ),
} satisfies Meta<typeof CelloDevtoolsPanel>

export default meta
type Story = StoryObj<typeof meta>

/** The panel's shadow root, for queries. */
const panel = async (canvasElement: HTMLElement) => {
  const root = await waitFor(() => {
    const shadow = canvasElement.querySelector('[data-cello-devtools]')?.shadowRoot
    if (!shadow) throw new Error('no panel yet')
    return shadow
  })
  return within(root as unknown as HTMLElement)
}
const finding = async (canvasElement: HTMLElement, text: string): Promise<void> => {
  const shadow = await panel(canvasElement)
  // Generous: the finding waits on a script load or failure, slow on a loaded CI machine.
  await waitFor(() => expect(shadow.getByRole('list', { name: 'Findings' })).toHaveTextContent(text), {
    timeout: 5000,
  })
}

/** Everything right: the code in the form, the script ready, the BFF mounted. No findings. */
export const Healthy: Story = {
  play: async ({ canvasElement }) => {
    const shadow = await panel(canvasElement)
    await waitFor(() => expect(shadow.getByRole('region', { name: /^BFF/ })).toHaveTextContent('POST /signups405'))
    await waitFor(() => expect(shadow.getByRole('region', { name: 'Attribution script' })).toHaveTextContent('ready'))
    await expect(shadow.getByRole('list', { name: 'Findings' })).toHaveTextContent('No findings')
  },
}

/** The sandbox script on a public host (here as www.moonly.com would see it). */
export const SandboxOnProductionHost: Story = {
  args: {
    overrides: {
      location: {
        href: 'https://www.moonly.com/?ucc=pNRB1aYqArN',
        hostname: 'www.moonly.com',
        search: '?ucc=pNRB1aYqArN',
      },
      scripts: [
        {
          src: 'https://assets.sandbox.cello.so/attribution/latest/cello-attribution.js',
          environment: 'sandbox',
          onPage: true,
          loadMs: 84,
          httpStatus: 200,
        },
      ],
      forms: [{ label: 'Sign up', action: 'https://www.moonly.com/', signup: true, ucc: 'pNRB1aYqArN' }],
    },
  },
  play: ({ canvasElement }) => finding(canvasElement, 'a production host'),
}

/** The landing page on www.example.com keeps the code for itself; the signup page on app.example.com cannot read it. */
export const CookieForAnotherHost: Story = {
  args: {
    signupUrl: 'https://app.example.com/signup',
    overrides: {
      location: {
        href: 'https://www.example.com/?ucc=pNRB1aYqArN',
        hostname: 'www.example.com',
        search: '?ucc=pNRB1aYqArN',
      },
      forms: [{ label: 'Sign up', action: 'https://www.example.com/', signup: true, ucc: 'pNRB1aYqArN' }],
    },
  },
  play: ({ canvasElement }) =>
    finding(canvasElement, 'The cookie is for www.example.com, your signup page is on app.example.com'),
}

/** Consent pending: the code lives in memory only. */
export const ConsentPending: Story = {
  parameters: { story: { query: '?ucc=pNRB1aYqArN', consent: 'pending' } },
  play: ({ canvasElement }) => finding(canvasElement, 'Consent is pending'),
}

/** An ad blocker stopped Cello's script: capture still works. */
export const ScriptBlocked: Story = {
  parameters: { story: { query: '?ucc=pNRB1aYqArN', script: 'blocked' } },
  play: ({ canvasElement }) => finding(canvasElement, 'capture still works'),
}

/** The BFF is not mounted at /api/cello. */
export const BffNotFound: Story = {
  parameters: { msw: [http.all('/api/cello/*', () => new HttpResponse('Not Found', { status: 404 }))] },
  play: ({ canvasElement }) => finding(canvasElement, 'The BFF answers 404 at /api/cello'),
}

/** Two CelloProviders on one page. */
export const TwoProviders: Story = {
  parameters: { story: { query: '?ucc=pNRB1aYqArN', twoProviders: true } },
  play: ({ canvasElement }) => finding(canvasElement, '2 CelloProviders are mounted'),
}

/** A signup form whose `ucc` field holds an old code. */
export const StaleForm: Story = {
  parameters: { story: { query: '?ucc=pNRB1aYqArN', form: 'stale' } },
  play: ({ canvasElement }) => finding(canvasElement, 'sends ucc "oldCode1234"'),
}

/** The server's development-only trace route is on: the signed-in user's events. */
export const ServerTrace: Story = {
  parameters: {
    msw: createBffHandlers(
      createFakeBffState({
        trace: {
          events: [
            {
              key: 'new-signup:user-1',
              decision: 'reported',
              state: 'delivered',
              attempts: [{ at: '2026-12-05T07:30:00Z', outcome: 'delivered', status: 200 }],
            },
          ],
        },
      }),
    ),
  },
  play: async ({ canvasElement }) => {
    const shadow = await panel(canvasElement)
    await waitFor(() =>
      expect(shadow.getByRole('region', { name: 'Your events (server trace)' })).toHaveTextContent('new-signup:user-1'),
    )
  },
}

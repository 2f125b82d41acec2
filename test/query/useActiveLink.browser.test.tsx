import { StrictMode } from 'react'
import { render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CelloProvider, useActiveLink, ReferralLink } from '../../src'
import { resetCello } from '../../src/testing/resetCello'
import { createTestQueryClient } from '../support/createTestQueryClient'
import { withFakeBffPerTest } from '../support/browserPage'

const fakeBff = withFakeBffPerTest()

function LinkText({ userKey, id }: { userKey?: string | null; id: string }) {
  const { data, isPending, isSignedOut, isError } = useActiveLink({ userKey })
  return <p data-testid={id}>{isPending ? 'loading' : isError ? 'error' : isSignedOut ? 'signed out' : data?.link}</p>
}

const provider = (children: React.ReactNode, queryClient = createTestQueryClient()) => (
  <CelloProvider consent="pending" queryClient={queryClient}>
    {children}
  </CelloProvider>
)

describe('useActiveLink against MSW in real Chromium', () => {
  it('makes one request for five consumers and shares the answer', async () => {
    render(provider(['a', 'b', 'c', 'd', 'e'].map((id) => <LinkText key={id} id={id} userKey="user-1" />)))
    await waitFor(() => expect(screen.getByTestId('e')).toHaveTextContent('https://moonly.cello.so/pNRB1aYqArN'))
    for (const id of ['a', 'b', 'c', 'd']) expect(screen.getByTestId(id)).toHaveTextContent('pNRB1aYqArN')
    expect(fakeBff().requests).toEqual(['GET /api/cello/active-link'])
  })

  it('makes one request under StrictMode too: the remount joins the fetch in flight', async () => {
    render(
      <StrictMode>{provider(['a', 'b', 'c'].map((id) => <LinkText key={id} id={id} userKey="user-1" />))}</StrictMode>,
    )
    await waitFor(() => expect(screen.getByTestId('c')).toHaveTextContent('https://moonly.cello.so/pNRB1aYqArN'))
    expect(fakeBff().requests).toEqual(['GET /api/cello/active-link'])
  })

  it('refetches when userKey changes (sign-in, switch user, sign-out without a reload)', async () => {
    fakeBff().user = null
    const queryClient = createTestQueryClient()
    const view = render(provider(<LinkText id="link" userKey={null} />, queryClient))
    await waitFor(() => expect(screen.getByTestId('link')).toHaveTextContent('signed out'))
    fakeBff().user = 'user-1'
    view.rerender(provider(<LinkText id="link" userKey="user-1" />, queryClient))
    await waitFor(() => expect(screen.getByTestId('link')).toHaveTextContent('https://moonly.cello.so/pNRB1aYqArN'))
    fakeBff().user = 'user-2'
    fakeBff().links['user-2'] = 'https://moonly.cello.so/user2Code00'
    view.rerender(provider(<LinkText id="link" userKey="user-2" />, queryClient))
    await waitFor(() => expect(screen.getByTestId('link')).toHaveTextContent('user2Code00'))
    expect(fakeBff().requests).toHaveLength(3)
    // Sign-out: user-2's link disappears at once (the signed-out answer is cached from the start).
    fakeBff().user = null
    view.rerender(provider(<LinkText id="link" userKey={null} />, queryClient))
    expect(screen.getByTestId('link')).toHaveTextContent('signed out')
    expect(screen.getByTestId('link')).not.toHaveTextContent('user2Code00')
  })

  it('uses one private client across providers when the app has none, emptied by resetCello', async () => {
    const bare = (id: string) => (
      <CelloProvider consent="pending">
        <LinkText id={id} userKey="user-1" />
      </CelloProvider>
    )
    const first = render(bare('first'))
    await waitFor(() => expect(screen.getByTestId('first')).toHaveTextContent('pNRB1aYqArN'))
    first.unmount()
    render(bare('second'))
    expect(screen.getByTestId('second')).toHaveTextContent('pNRB1aYqArN') // from the shared cache
    expect(fakeBff().requests).toEqual(['GET /api/cello/active-link'])
    resetCello()
    render(bare('third'))
    expect(screen.getByTestId('third')).toHaveTextContent('loading')
    await waitFor(() => expect(screen.getByTestId('third')).toHaveTextContent('pNRB1aYqArN'))
    expect(fakeBff().requests).toHaveLength(2)
  })

  it('shows a 401 as signed out, not as an error', async () => {
    fakeBff().user = null
    render(provider(<ReferralLink userKey={null} />))
    await waitFor(() => expect(screen.getByText('Sign in to get your referral link.')).toBeInTheDocument())
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('shows an upstream failure with a retry that recovers', async () => {
    fakeBff().failActiveLink = true
    render(provider(<ReferralLink userKey="user-1" />, createTestQueryClient()))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('could not be loaded'), { timeout: 8000 })
    fakeBff().failActiveLink = false
    screen.getByRole('button', { name: 'Try again' }).click()
    await waitFor(() =>
      expect(screen.getByLabelText('Your referral link')).toHaveValue('https://moonly.cello.so/pNRB1aYqArN'),
    )
  })
})

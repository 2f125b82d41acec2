import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CelloProvider } from '../../src'
import { CelloReferralLauncher, useCelloReferral } from '../../src/referral'

function SignedIn() {
  const referral = useCelloReferral({
    productId: 'moonly',
    user: { productUserId: 'user-1' },
    language: 'en',
    hideDefaultLauncher: true,
  })
  return (
    <p>
      referral {referral.status}
      <CelloReferralLauncher>Invite friends</CelloReferralLauncher>
    </p>
  )
}

describe('react-cello/referral on the server (no window)', () => {
  it('renders idle and no launcher, without touching window or document', () => {
    expect(typeof window).toBe('undefined')
    const html = renderToString(
      <CelloProvider>
        <SignedIn />
      </CelloProvider>,
    ).replace(/<!-- -->/g, '')
    expect(html).toBe('<p>referral idle</p>')
  })
})

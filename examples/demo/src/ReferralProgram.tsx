import { CelloReferralLauncher, useCelloReferral } from 'react-cello/referral'
import type { DemoSession } from './api'

const config = window.__DEMO__?.referral

/**
 * Cello's Referral Component for the signed-in user (the fake cello.js without keys): booted once
 * per user, shut down on sign-out, opened from the demo's own button.
 */
export function ReferralProgram({ session }: { session: DemoSession | undefined }) {
  const user = session === undefined ? undefined : session.user
  const referral = useCelloReferral({
    productId: config?.productId ?? '',
    scriptSrc: config?.scriptSrc,
    environment: window.__DEMO__?.environment,
    // undefined while the session loads: nothing boots until the user is known.
    user: config
      ? user && { productUserId: user.id, productUserDetails: { email: user.email, fullName: user.name } }
      : null,
    language: 'en',
    hideDefaultLauncher: true,
  })
  if (!config) return null
  return (
    <p className="demo__referral">
      <CelloReferralLauncher className="demo__button demo__button--secondary">
        Open the referral program
      </CelloReferralLauncher>{' '}
      {referral.status === 'blocked' || referral.status === 'error' ? (
        <span role="status">The referral program is unavailable right now.</span>
      ) : null}
    </p>
  )
}

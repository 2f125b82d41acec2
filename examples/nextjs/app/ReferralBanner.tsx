'use client'
// NewUserBanner with a function message: a client component, for the same reason as
// CelloClientProvider. Rendered on the server too, from the referral the layout read.
import Link from 'next/link'
import { NewUserBanner } from 'react-cello'

export function ReferralBanner() {
  return (
    <NewUserBanner
      placement="top"
      messages={{
        title: ({ referrerName }) =>
          referrerName ? `${referrerName} invited you to Moonly` : 'You were invited to Moonly',
      }}
      cta={<Link href="/signup">Claim your discount</Link>}
    />
  )
}

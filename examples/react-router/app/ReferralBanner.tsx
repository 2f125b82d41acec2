import { Link } from 'react-router'
import { NewUserBanner } from 'react-cello'

export function ReferralBanner() {
  return (
    <NewUserBanner
      placement="top"
      messages={{
        title: ({ referrerName }) =>
          referrerName ? `${referrerName} invited you to Moonly` : 'You were invited to Moonly',
      }}
      cta={<Link to="/signup">Claim your discount</Link>}
    />
  )
}

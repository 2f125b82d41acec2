import { Link, useLoaderData } from 'react-router'
import { ReferralLink } from 'react-cello'
import { sessionUser } from '../users.server'
import type { Route } from './+types/account'

export function loader({ request }: Route.LoaderArgs) {
  const user = sessionUser(request)
  return user ? { id: user.id, name: user.name } : null
}

export default function Account() {
  const user = useLoaderData<typeof loader>()
  if (!user) {
    return (
      <p>
        <Link to="/signup">Sign up</Link> to get your own referral link.
      </p>
    )
  }
  return (
    <>
      <h1>Welcome, {user.name}</h1>
      <p>Invite your friends: they get the discount, you get rewarded.</p>
      {/* From GET /api/cello/active-link, for the signed-in user only. */}
      <ReferralLink userKey={user.id} />
    </>
  )
}

import { createFileRoute, Link } from '@tanstack/react-router'
import { createServerFn } from '@tanstack/react-start'
import { getWebRequest } from '@tanstack/react-start/server'
import { ReferralLink } from 'react-cello'
import { sessionUser } from '../server/users'

const getAccount = createServerFn({ method: 'GET' }).handler(() => {
  const user = sessionUser(getWebRequest())
  return user ? { id: user.id, name: user.name } : null
})

export const Route = createFileRoute('/account')({ loader: () => getAccount(), component: Account })

function Account() {
  const user = Route.useLoaderData()
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

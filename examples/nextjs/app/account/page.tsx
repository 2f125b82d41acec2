import Link from 'next/link'
import { ReferralLink } from 'react-cello'
import { currentUser } from '@/lib/users'

export default async function AccountPage() {
  const user = await currentUser()
  if (!user) {
    return (
      <p>
        <Link href="/signup">Sign up</Link> to get your own referral link.
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

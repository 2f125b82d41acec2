import Link from 'next/link'

export default function LandingPage() {
  return (
    <>
      <h1>Moonly plans your month</h1>
      <p>
        Arrived through a friend&apos;s referral link? The banner above says who invited you, on the first paint, even
        when Cello&apos;s script is blocked.
      </p>
      <p>
        <Link href="/pricing">See pricing</Link> or <Link href="/signup">create your account</Link>.
      </p>
    </>
  )
}

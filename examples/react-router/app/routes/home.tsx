import { Link } from 'react-router'

export default function Home() {
  return (
    <>
      <h1>Moonly plans your month</h1>
      <p>
        Arrived through a friend&apos;s referral link? The banner above says who invited you, on the first paint, even
        when Cello&apos;s script is blocked.
      </p>
      <p>
        <Link to="/pricing">See pricing</Link> or <Link to="/signup">create your account</Link>.
      </p>
    </>
  )
}

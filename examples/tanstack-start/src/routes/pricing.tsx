import { createFileRoute, Link } from '@tanstack/react-router'

export const Route = createFileRoute('/pricing')({ component: Pricing })

function Pricing() {
  return (
    <>
      <h1>Pricing</h1>
      <p>Pro: €49 a month. A referral gives you the discount in the banner.</p>
      <p>
        <Link to="/signup">Create your account</Link>
      </p>
    </>
  )
}

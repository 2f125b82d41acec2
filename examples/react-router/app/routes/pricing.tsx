import { Link } from 'react-router'

export default function Pricing() {
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

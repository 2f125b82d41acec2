import Link from 'next/link'

export default function PricingPage() {
  return (
    <>
      <h1>Pricing</h1>
      <p>Pro: €49 a month. A referral gives you the discount in the banner.</p>
      <p>
        <Link href="/signup">Create your account</Link>
      </p>
    </>
  )
}

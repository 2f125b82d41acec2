import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, NavLink, Route, Routes, useNavigate } from 'react-router'
import { CelloUccInput, NewUserBanner, ReferralLink } from 'react-cello'

export function App() {
  return (
    <>
      <NewUserBanner
        placement="top"
        messages={{
          title: ({ referrerName }) =>
            referrerName ? `${referrerName} invited you to Moonly` : 'You were invited to Moonly',
        }}
        cta={<Link to="/signup">Claim your discount</Link>}
      />
      <nav>
        <NavLink to="/">Moonly</NavLink> <NavLink to="/pricing">Pricing</NavLink>{' '}
        <NavLink to="/signup">Sign up</NavLink> <NavLink to="/account">Account</NavLink>
      </nav>
      <main>
        <Routes>
          <Route index element={<Home />} />
          <Route path="pricing" element={<Pricing />} />
          <Route path="signup" element={<Signup />} />
          <Route path="account" element={<Account />} />
        </Routes>
      </main>
    </>
  )
}

function Home() {
  return (
    <>
      <h1>Moonly plans your month</h1>
      <p>
        Arrived through a friend&apos;s referral link? The banner above says who invited you, even when Cello&apos;s
        script is blocked.
      </p>
      <p>
        <Link to="/pricing">See pricing</Link> or <Link to="/signup">create your account</Link>.
      </p>
    </>
  )
}

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

type Me = { id: string; name: string } | null
const useMe = () => useQuery({ queryKey: ['me'], queryFn: async (): Promise<Me> => (await fetch('/api/me')).json() })

function Signup() {
  // Identifies this form: sent twice, it still makes one user.
  const [formId] = useState(() => crypto.randomUUID())
  const [error, setError] = useState<string | null>(null)
  const navigate = useNavigate()
  const queryClient = useQueryClient()

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    // The hidden "ucc" field of <CelloUccInput/> goes with the form.
    const body = JSON.stringify(Object.fromEntries(new FormData(event.currentTarget)))
    const response = await fetch('/api/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    const result = await response.json()
    if (!response.ok) return setError(result.error)
    queryClient.setQueryData(['me'], result)
    await navigate('/account')
  }

  return (
    <>
      <h1>Create your account</h1>
      {error && <p role="alert">{error}</p>}
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Name <input name="name" required autoComplete="name" />
        </label>
        <label>
          Email <input name="email" type="email" required autoComplete="email" />
        </label>
        {/* Hidden "ucc" field: the code from the URL, the cookie or Cello's script. */}
        <CelloUccInput />
        <input type="hidden" name="formId" value={formId} />
        <button>Create account</button>
      </form>
    </>
  )
}

function Account() {
  const { data: user, isPending } = useMe()
  if (isPending) return null
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

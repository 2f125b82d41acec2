import { NewUserBanner, useUcc } from 'react-cello'
import { navigate } from './router'

export function Landing({ signedIn }: { signedIn: boolean }) {
  const { ucc, source, status, referrerName } = useUcc()
  const toSignup = (e: React.MouseEvent) => {
    e.preventDefault()
    navigate('/signup') // a client-side route change: the ?ucc= query is gone after this
  }
  return (
    <main className="demo__main">
      {!signedIn && (
        <NewUserBanner
          placement="top"
          cta={
            <a href="/signup" onClick={toSignup}>
              Claim your discount
            </a>
          }
        />
      )}
      <h1>Moonly plans your week for you</h1>
      <p>Calendars, tasks and notes in one calm place.</p>
      <a className="demo__button" href="/signup" onClick={toSignup}>
        Sign up free
      </a>
      <section aria-label="What react-cello captured" className="demo__card">
        <h2>What react-cello captured</h2>
        <dl>
          <dt>Referral code</dt>
          <dd data-testid="ucc">{ucc ?? 'none'}</dd>
          <dt>Source</dt>
          <dd data-testid="source">{source ?? 'none'}</dd>
          <dt>Referrer</dt>
          <dd>{referrerName ?? 'unknown'}</dd>
          <dt>Cello script</dt>
          <dd data-testid="status">{status}</dd>
        </dl>
      </section>
    </main>
  )
}

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ReferralLink } from 'react-cello'
import { demoApi, type DemoSession } from './api'
import { navigate } from './router'
import { ReferralProgram } from './ReferralProgram'

/** What the signup's referral became, from its event in the outbox. */
function referralNote(referral: DemoSession['referral']): string {
  if (!referral) return 'You signed up without a referral.'
  switch (referral.state) {
    case 'delivered':
      return 'Your referral was recorded: your friend will be rewarded.'
    case 'queued':
    case 'sending':
      return referral.reason
        ? 'Cello could not be reached: your referral is saved and will be reported as soon as it is back.'
        : 'Your referral is saved; reporting it to Cello…'
    case 'ambiguous':
      return 'Your referral is saved; checking whether Cello received it…'
    case 'held':
      return 'Your referral is saved; it waits for a check before it is sent again.'
    case 'dead':
      return `Cello refused your referral (${referral.reason ?? 'no reason given'}).`
  }
}

/** Green once Cello has the referral (or there is none), amber while it waits, red when refused. */
function noteTone(referral: DemoSession['referral']): string {
  if (!referral || referral.state === 'delivered') return ''
  return referral.state === 'dead' ? ' demo__note--failed' : ' demo__note--waiting'
}

export function Workspace({ session }: { session: DemoSession | undefined }) {
  const queryClient = useQueryClient()
  const refreshEvents = () => queryClient.invalidateQueries({ queryKey: ['demo', 'events'] })
  const buy = useMutation({ mutationFn: demoApi.buy, onSuccess: refreshEvents })
  const refund = useMutation({ mutationFn: demoApi.refund, onSuccess: refreshEvents })
  const logout = useMutation({
    mutationFn: demoApi.logout,
    onSuccess: (next) => {
      queryClient.setQueryData(['demo', 'session'], next)
      navigate('/')
    },
  })
  const user = session?.user
  if (!user) {
    return (
      <main className="demo__main">
        <p>You are signed out.</p>
        <a
          className="demo__button"
          href="/signin"
          onClick={(e) => {
            e.preventDefault()
            navigate('/signin')
          }}
        >
          Sign in
        </a>
      </main>
    )
  }
  return (
    <main className="demo__main">
      <h1>Welcome, {user.name}</h1>
      <p className={`demo__note${noteTone(session.referral)}`} role="status">
        {referralNote(session.referral)}
      </p>
      <section aria-label="Invite friends" className="demo__card">
        <h2>Invite friends, get 3 months free</h2>
        <ReferralLink userKey={user.id} />
        <ReferralProgram session={session} />
      </section>
      <section aria-label="Billing" className="demo__card">
        <h2>Billing</h2>
        <p>Pro plan: 49.00 EUR per month.</p>
        <div className="demo__actions">
          <button type="button" className="demo__button" onClick={() => buy.mutate()} disabled={buy.isPending}>
            Buy Pro
          </button>
          <button
            type="button"
            className="demo__button demo__button--secondary"
            onClick={() => refund.mutate()}
            disabled={refund.isPending}
          >
            Refund last invoice
          </button>
        </div>
        {(buy.isError || refund.isError) && <p role="alert">{(buy.error ?? refund.error)?.message}</p>}
      </section>
      <button type="button" className="demo__button demo__button--secondary" onClick={() => logout.mutate()}>
        Sign out
      </button>
    </main>
  )
}

import { useCampaign, useUcc } from '../src'

/** A landing page that shows what react-cello captured: the code, where it came from, the script's state. */
export function LandingPage() {
  const { ucc, source, status, referrerName, error } = useUcc()
  const campaign = useCampaign()
  return (
    <main style={{ maxWidth: 560 }}>
      <h1>{referrerName ? `${referrerName} invited you` : 'Welcome to Moonly'}</h1>
      {ucc && campaign?.discountPercentage !== undefined && (
        <p>
          {Math.round(campaign.discountPercentage * 100)}% off
          {campaign.discountMonths ? ` for ${campaign.discountMonths} months` : ''}
        </p>
      )}
      <h2>Referral capture</h2>
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px' }}>
        <dt>Referral code</dt>
        <dd data-testid="ucc">{ucc ?? 'none'}</dd>
        <dt>Source</dt>
        <dd data-testid="source">{source ?? 'none'}</dd>
        <dt>Script status</dt>
        <dd data-testid="status">{status}</dd>
        {error && (
          <>
            <dt>Error</dt>
            <dd data-testid="error">{error.code}</dd>
          </>
        )}
      </dl>
    </main>
  )
}

import { useQuery } from '@tanstack/react-query'
import { demoApi } from './api'

/** What Cello (the embedded emulator) received, refreshed every second: attribution, visible. */
export function EventsPanel() {
  const events = useQuery({ queryKey: ['demo', 'events'], queryFn: demoApi.events, refetchInterval: 1000 })
  return (
    <aside className="demo__events" aria-label="Events Cello received">
      <h2>Events Cello received</h2>
      <p className="demo__muted">
        {events.data?.mode === 'cello' ? 'Sent to the real Cello API.' : 'The local Cello emulator (no keys needed).'}
        {events.data?.pending ? ` ${events.data.pending} waiting for a retry.` : ''}
      </p>
      {events.data?.events.length ? (
        <ol>
          {events.data.events.map((event, i) => (
            <li key={i}>
              <strong>{event.trigger}</strong> ucc <code>{event.ucc}</code> for <code>{event.newUserId}</code>
              {event.price !== undefined && ` · ${event.price} ${event.currency}`}
            </li>
          ))}
        </ol>
      ) : (
        <p>None yet. Open a referral link, sign up, then buy.</p>
      )}
    </aside>
  )
}

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { demoApi, type OutboxRow, type OutboxState } from './api'

/** Each state in a few words, for a person (see `OutboxState` in react-cello/server). */
function meaning(state: OutboxState, feed: string): string {
  switch (state) {
    case 'queued':
      return 'Waiting to be sent.'
    case 'sending':
      return 'Being sent now.'
    case 'ambiguous':
      return 'May have reached Cello: the outbox checks before any resend.'
    case 'delivered':
      return 'Cello has it.'
    case 'held':
      return `May have reached Cello, so it is not resent on a guess. Look in ${feed}: there, mark it delivered; missing, send it again.`
    case 'dead':
      return 'Given up: it will not be sent.'
  }
}

/**
 * Where `meaning` already says why (held, ambiguous: it may have reached Cello), the outbox's own
 * reason would say it a second time: it stays one click away, for its technical detail.
 */
const EXPLAINED: ReadonlySet<OutboxState> = new Set(['held', 'ambiguous'])

/** The outbox's events, newest first, each with its state, attempts and reason. */
export function OutboxList({ events, feed }: { events: OutboxRow[]; feed: string }) {
  return (
    <ol className="outbox" aria-label="Outbox events">
      {events.map((event) => (
        <li key={event.key} className={`outbox__event outbox__event--${event.state}`}>
          <div className="outbox__head">
            <span className={`state state--${event.state}`}>{event.state}</span>
            <strong>{event.trigger}</strong>
          </div>
          <p className="outbox__meta">
            <code>{event.key}</code> · {event.attempts} {event.attempts === 1 ? 'attempt' : 'attempts'}
          </p>
          <p className="outbox__meaning">{meaning(event.state, feed)}</p>
          {event.reason &&
            (EXPLAINED.has(event.state) ? (
              <details className="outbox__reason">
                <summary>What the outbox recorded</summary>
                <p>{event.reason}</p>
              </details>
            ) : (
              <p className="outbox__reason">{event.reason}</p>
            ))}
          {event.state === 'held' && <ResolveButtons eventKey={event.key} />}
        </li>
      ))}
    </ol>
  )
}

/** An operator's decision on a held event: send it again, or record that Cello has it. */
function ResolveButtons({ eventKey }: { eventKey: string }) {
  const queryClient = useQueryClient()
  const resolve = useMutation({
    mutationFn: (to: 'queued' | 'delivered') => demoApi.resolve(eventKey, to),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['demo', 'events'] }),
  })
  return (
    <div className="outbox__actions" role="group" aria-label={`Resolve ${eventKey}`}>
      <button
        type="button"
        className="demo__small-button"
        disabled={resolve.isPending}
        onClick={() => resolve.mutate('queued')}
      >
        Send again
      </button>
      <button
        type="button"
        className="demo__small-button"
        disabled={resolve.isPending}
        onClick={() => resolve.mutate('delivered')}
      >
        Mark delivered
      </button>
      {resolve.isError && <span role="alert">{resolve.error.message}</span>}
    </div>
  )
}

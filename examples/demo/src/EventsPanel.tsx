import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { demoApi, type DemoEvents } from './api'
import { OutboxList } from './OutboxList'
import { useDemoEvents } from './useDemoEvents'

/**
 * Attribution, visible: the events this app recorded in its outbox (and where each stands),
 * beside what Cello (the emulator) received. With the emulator, a switch takes Cello down.
 */
export function EventsPanel() {
  const events = useDemoEvents()
  const data = events.data
  return (
    <aside className="demo__events" aria-labelledby="events-title">
      <h2 id="events-title">Cello events</h2>
      {data && data.celloDown !== null && <CelloControls down={data.celloDown} losing={data.losingNextAnswer} />}
      <section aria-labelledby="outbox-title">
        <h3 id="outbox-title">Outbox: recorded by this app</h3>
        <p className="demo__muted">
          Each event is written to the database ({data?.storage ?? '…'}) in the same transaction as its signup or
          purchase, then sent to Cello.
        </p>
        {data?.outbox.length ? (
          <OutboxList
            events={data.outbox}
            feed={data.mode === 'cello' ? "Cello's Event Feed" : '“Received by Cello” below'}
          />
        ) : (
          <p>None yet. Open a referral link, sign up, then buy.</p>
        )}
      </section>
      <section aria-labelledby="received-title">
        <h3 id="received-title">Received by Cello</h3>
        <Received data={data} />
      </section>
    </aside>
  )
}

function CelloControls({ down, losing }: { down: boolean; losing: boolean }) {
  const queryClient = useQueryClient()
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['demo', 'events'] })
  // The switch shows the new position at once (a controlled input must change in the same event),
  // until the panel's data says where Cello is.
  const [moving, setMoving] = useState<boolean | null>(null)
  const toggle = useMutation({
    mutationFn: demoApi.setCelloDown,
    onSettled: async () => {
      await refresh()
      setMoving(null)
    },
  })
  const lose = useMutation({ mutationFn: demoApi.loseNextAnswer, onSettled: refresh })
  // The switch is Cello's power: on while it answers. Its name stays "Cello" (a switch's label does
  // not change with its state); the words beside it and the sentence below follow the state.
  const up = !(moving ?? down)
  return (
    <div className="cello-controls">
      <label className={`switch${up ? ' switch--on' : ''}`}>
        <input
          type="checkbox"
          role="switch"
          checked={up}
          disabled={toggle.isPending}
          aria-describedby="cello-state"
          onChange={(e) => {
            setMoving(!e.target.checked)
            toggle.mutate(!e.target.checked)
          }}
        />
        <span className="switch__track" aria-hidden="true" />
        <span>
          Cello{' '}
          <span className={`switch__state switch__state--${up ? 'up' : 'down'}`} aria-hidden="true">
            {up ? 'is up' : 'is down'}
          </span>
        </span>
      </label>
      <p className="demo__muted" id="cello-state">
        {up
          ? 'The local Cello emulator (no keys needed) is up and answering. Switch it off to see events wait.'
          : 'The emulator refuses connections. Sign up or buy: the events wait in the outbox as queued.'}
      </p>
      {!down && (
        <p className="demo__muted">
          <button
            type="button"
            className="demo__link-button"
            onClick={() => lose.mutate()}
            disabled={losing || lose.isPending}
          >
            Lose Cello&apos;s next answer
          </button>{' '}
          {losing
            ? 'Armed: Cello will record the next event, but the app will not hear back.'
            : '(Cello records the event but its answer never arrives: did it get there?)'}
        </p>
      )}
    </div>
  )
}

function Received({ data }: { data: DemoEvents | undefined }) {
  if (data?.mode === 'cello') {
    return (
      <p className="demo__muted">
        Sent to the real Cello API: see its{' '}
        <a href="https://docs.cello.so/guides/support/portal/event-feed">Event Feed</a> in the Portal.
      </p>
    )
  }
  if (!data?.received?.length) return <p className="demo__muted">Nothing received yet.</p>
  return (
    <ol className="received" aria-label="Events Cello received">
      {data.received.map((event) => (
        <li key={event.sequence}>
          <span className="received__sequence">#{event.sequence}</span> <strong>{event.trigger}</strong> for{' '}
          <code>{event.newUserId}</code>
          {event.price !== undefined && ` · ${event.price} ${event.currency}`}
          <span className="demo__muted received__ucc">
            ucc {event.ucc}, received {new Date(event.receivedAt).toLocaleTimeString()}
          </span>
        </li>
      ))}
    </ol>
  )
}

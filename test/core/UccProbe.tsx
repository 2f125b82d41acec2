import { useUcc, type UccState } from '../../src'

/** Renders useUcc()'s state as text and records every render's value. */
export function UccProbe({ renders }: { renders?: UccState[] }) {
  const state = useUcc()
  renders?.push(state)
  return (
    <dl>
      <dt>ucc</dt>
      <dd data-testid="ucc">{state.ucc ?? 'none'}</dd>
      <dt>source</dt>
      <dd data-testid="source">{state.source ?? 'none'}</dd>
      <dt>status</dt>
      <dd data-testid="status">{state.status}</dd>
      <dt>referrer</dt>
      <dd data-testid="referrer">{state.referrerName ?? 'none'}</dd>
    </dl>
  )
}

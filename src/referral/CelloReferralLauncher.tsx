'use client'
import { useSyncExternalStore, type ButtonHTMLAttributes, type MouseEvent, type ReactNode } from 'react'
import { referralController } from '../runtime/referral/referralController'

/** Props of {@link CelloReferralLauncher}: a `<button>`'s, plus its label. */
export interface CelloReferralLauncherProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  /** The button's content and accessible name. @defaultValue 'Refer a friend' */
  children?: ReactNode
  /**
   * Cello's notification badge on this launcher; `false` sets `data-cello-badge="false"`, which
   * hides the badge only (announcements still anchor here). @defaultValue true
   */
  badge?: boolean
}

/**
 * A button that opens Cello's Referral Component, for use with `hideDefaultLauncher`
 * (https://docs.cello.so/sdk/client-side/cello-js-usage). It carries `data-cello-launcher`, the
 * `customLauncherSelector` that `useCelloReferral` boots with, and `position: relative`, so that
 * Cello anchors its notification badge and announcements to it
 * (https://docs.cello.so/referral-component/custom-launcher); render as many as you like. Cello
 * looks for launchers when it boots, so render them where they are mounted by then (a menu that
 * mounts its items later gets no badge). While the component loads, the button is `aria-busy` and
 * `aria-disabled` (still focusable, so its name is announced); once ready, a click, Enter or Space
 * opens the component. With no user, or when `cello.js` is blocked or failed, it renders nothing.
 * `data-cello-status` carries the status for styling.
 *
 * @example
 * useCelloReferral({ productId, user, hideDefaultLauncher: true })
 * <CelloReferralLauncher className="nav-link">Invite friends</CelloReferralLauncher>
 */
export function CelloReferralLauncher({
  children = 'Refer a friend',
  badge = true,
  onClick,
  style,
  ...props
}: CelloReferralLauncherProps) {
  const { status } = useSyncExternalStore(
    referralController.subscribe,
    referralController.getSnapshot,
    referralController.getServerSnapshot,
  )
  if (status !== 'loading' && status !== 'ready') return null
  const ready = status === 'ready'
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    onClick?.(event)
    if (!ready || event.defaultPrevented) return
    // Only fails when the component went away in between; the status then says why.
    referralController.command('open').catch(() => undefined)
  }
  return (
    <button
      {...props}
      type="button"
      style={{ position: 'relative', ...style }}
      data-cello-launcher=""
      data-cello-badge={badge ? undefined : 'false'}
      aria-disabled={!ready || undefined}
      aria-busy={!ready || undefined}
      data-cello-status={status}
      onClick={handleClick}
    >
      {children}
    </button>
  )
}

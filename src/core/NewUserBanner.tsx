import type { ComponentPropsWithoutRef, ReactNode } from 'react'
import { useCampaign } from './useCampaign'
import { localDismissStorage, useDismissed, type DismissStorage } from './useDismissed'
import { useUcc } from './useUcc'

/** Every text of the banner, replaceable for translation. Functions receive names and numbers. */
export interface NewUserBannerMessages {
  /** The region's accessible name. @defaultValue 'Referral offer' */
  label: string
  /** The headline. @defaultValue 'Alice invited you' / 'You were invited' */
  title: string | ((values: { referrerName: string | null }) => string)
  /** The offer, shown when the campaign has a discount. @defaultValue '50% off for 6 months' */
  offer: string | ((values: { percentage: number; months: number | undefined }) => string)
  /** The dismiss button's accessible name. @defaultValue 'Dismiss' */
  dismiss: string
}

/** What the headless form (children as a function) receives. */
export interface NewUserBannerState {
  ucc: string
  referrerName: string | null
  /** The discount as a whole percentage (50 for 50 %), when the campaign has one. */
  percentage: number | undefined
  months: number | undefined
  /** The texts, resolved. */
  title: string
  offer: string | null
  dismiss: () => void
}

/** Props of {@link NewUserBanner}; other props go to the root `<section>`. */
export interface NewUserBannerProps extends Omit<ComponentPropsWithoutRef<'section'>, 'children'> {
  messages?: Partial<NewUserBannerMessages>
  /** `inline` flows with the page; `top` sticks to the top of the viewport without covering content. @defaultValue 'inline' */
  placement?: 'inline' | 'top'
  /** A call to action, e.g. a link to the signup page. */
  cta?: ReactNode
  /** Show a dismiss button. @defaultValue true */
  dismissible?: boolean
  /** Called after the visitor dismissed the banner. */
  onDismiss?: () => void
  /** Where the dismissal is remembered (per referral code). @defaultValue localStorage, else memory */
  storage?: DismissStorage
  /** Headless form: render your own markup from the banner's state. */
  children?: (state: NewUserBannerState) => ReactNode
}

const DEFAULT_MESSAGES: NewUserBannerMessages = {
  label: 'Referral offer',
  title: ({ referrerName }) => (referrerName ? `${referrerName} invited you` : 'You were invited'),
  offer: ({ percentage, months }) =>
    `${percentage}% off${months ? ` for ${months} month${months === 1 ? '' : 's'}` : ''}`,
  dismiss: 'Dismiss',
}

const text = <T,>(message: string | ((values: T) => string), values: T) =>
  typeof message === 'function' ? message(values) : message

/**
 * A banner for visitors who arrived through a referral link: "Alice invited you — 50% off for
 * 6 months". Renders nothing for everyone else, and nothing once dismissed. The referrer's name is
 * always rendered as text. Style it with `react-cello/styles.css` (custom properties, dark mode,
 * right-to-left) or render your own markup with children as a function.
 *
 * @example
 * <NewUserBanner placement="top" cta={<a href="/signup">Claim your discount</a>} />
 */
export function NewUserBanner({
  messages,
  placement = 'inline',
  cta,
  dismissible = true,
  onDismiss,
  storage = localDismissStorage,
  children,
  className,
  ...rest
}: NewUserBannerProps) {
  const { ucc, referrerName } = useUcc()
  const campaign = useCampaign()
  const [dismissed, dismissKey] = useDismissed(`react-cello:banner-dismissed:${ucc ?? ''}`, storage)
  if (!ucc || dismissed) return null
  const m = { ...DEFAULT_MESSAGES, ...messages }
  // parseCampaignConfig keeps a discount only in (0, 1], so a present one is never 0.
  const fraction = campaign?.discountPercentage
  const percentage = fraction && Math.round(fraction * 100)
  const months = campaign?.discountMonths
  const state: NewUserBannerState = {
    ucc,
    referrerName,
    percentage,
    months,
    title: text(m.title, { referrerName }),
    offer: percentage ? text(m.offer, { percentage, months }) : null,
    dismiss: () => {
      dismissKey()
      onDismiss?.()
    },
  }
  if (children) return children(state)
  return (
    <section
      aria-label={m.label}
      data-placement={placement}
      className={className ? `cello-banner ${className}` : 'cello-banner'}
      {...rest}
    >
      {/* data-reserve: styles.css lays it, unseen and unread, in the text's cell, so the room for
          the widest offer is there from the first render and a late offer never moves the page. */}
      <p
        className="cello-banner__text"
        data-reserve={`${state.title} — ${text(m.offer, { percentage: 100, months: 120 })}`}
      >
        <span>
          <strong className="cello-banner__title">{state.title}</strong>
          {state.offer && (
            <>
              {' '}
              <span className="cello-banner__separator" aria-hidden="true">
                —
              </span>{' '}
              <span className="cello-banner__offer">{state.offer}</span>
            </>
          )}
        </span>
      </p>
      {cta && <div className="cello-banner__cta">{cta}</div>}
      {dismissible && (
        <button type="button" className="cello-banner__dismiss" aria-label={m.dismiss} onClick={state.dismiss}>
          <span aria-hidden="true">×</span>
        </button>
      )}
    </section>
  )
}

import { useEffect, useId, useRef, useState, type ComponentPropsWithoutRef } from 'react'
import { useActiveLink, type UseActiveLinkOptions } from './useActiveLink'

/** Texts of {@link ReferralLink}, replaceable for translation. */
export interface ReferralLinkMessages {
  label: string
  copy: string
  copied: string
  /** Shown when the Clipboard API is missing or refused; the link is selected for a manual copy. */
  copyManually: string
  loading: string
  error: string
  retry: string
  signedOut: string
}

const DEFAULT_MESSAGES: ReferralLinkMessages = {
  label: 'Your referral link',
  copy: 'Copy link',
  copied: 'Link copied',
  copyManually: 'Copy failed: the link is selected, press Ctrl+C (⌘C on a Mac) to copy it.',
  loading: 'Loading your referral link…',
  error: 'Your referral link could not be loaded.',
  retry: 'Try again',
  signedOut: 'Sign in to get your referral link.',
}

/** Props of {@link ReferralLink}; other props go to the root `<div>`. */
export interface ReferralLinkProps extends UseActiveLinkOptions, Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  messages?: Partial<ReferralLinkMessages>
  /** Called after the link was copied, by the Clipboard API or the fallback. */
  onLinkCopied?: (link: string) => void
}

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // Missing (http, old browsers) or refused (permissions): select it, try the legacy command.
    input?.focus()
    input?.select()
    try {
      return document.execCommand('copy')
    } catch {
      return false
    }
  }
}

/**
 * The signed-in user's referral link with a copy button. The result of a copy is shown and
 * announced to screen readers; when the Clipboard API is missing or refused the link is selected
 * for a manual copy.
 */
export function ReferralLink({ messages, onLinkCopied, enabled, userKey, className, ...rest }: ReferralLinkProps) {
  const m = { ...DEFAULT_MESSAGES, ...messages }
  const query = useActiveLink({ enabled, userKey })
  const inputRef = useRef<HTMLInputElement>(null)
  const inputId = useId()
  // The message of the last copy's outcome, '' before the first and once "copied" has been read.
  const [copyStatus, setCopyStatus] = useState<'' | 'copied' | 'copyManually'>('')
  useEffect(() => {
    if (copyStatus !== 'copied') return
    const timer = setTimeout(() => setCopyStatus(''), 3000)
    return () => clearTimeout(timer)
  }, [copyStatus])
  const link = query.data?.link
  const copy = (text: string) =>
    void copyText(text, inputRef.current).then((ok) => {
      setCopyStatus(ok ? 'copied' : 'copyManually')
      if (ok) onLinkCopied?.(text)
    })
  return (
    <div className={className ? `cello-link ${className}` : 'cello-link'} {...rest}>
      {query.isPending ? (
        <p role="status">{m.loading}</p>
      ) : query.isError ? (
        <>
          <p role="alert">{m.error}</p>
          <button type="button" className="cello-link__copy" onClick={() => void query.refetch()}>
            {m.retry}
          </button>
        </>
      ) : link ? (
        <>
          <label htmlFor={inputId}>{m.label}</label>
          <input
            ref={inputRef}
            id={inputId}
            className="cello-link__input"
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" className="cello-link__copy" onClick={() => copy(link)}>
            {m.copy}
          </button>
          <p role="status" className="cello-link__status">
            {copyStatus && m[copyStatus]}
          </p>
        </>
      ) : (
        <p>{m.signedOut}</p>
      )}
    </div>
  )
}

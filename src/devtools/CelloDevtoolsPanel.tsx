import { useCallback, useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { diagnoseReferral } from './diagnoseReferral'
import { DevtoolsSections, Findings } from './DevtoolsSections'
import { DEVTOOLS_CSS } from './devtoolsStyles'
import { probeCelloBff } from './probeCelloBff'
import { readCookieDetails, readReferralPage, watchScriptTimings } from './readReferralPage'
import type { BffProbe, ReferralPageSnapshot } from './types'

/** Props of `CelloDevtools`. */
export interface CelloDevtoolsProps {
  /** Where `createCelloHandler` is mounted (the `baseUrl` of `createFetchBff`). @defaultValue '/api/cello' */
  bffBaseUrl?: string
  /** Your signup page's URL when it is on another host than this page: that host must read the cookie. */
  signupUrl?: string
  /** Open the panel on the first render. @defaultValue false */
  initialIsOpen?: boolean
  /** The corner of the button and panel. @defaultValue 'bottom-right' */
  position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left'
  /** Replaces parts of what the panel reads from the page (for stories and tests). */
  overrides?: Partial<ReferralPageSnapshot>
  /** How often the panel reads the page again, in ms. @defaultValue 1000 */
  refreshMs?: number
}

// From the first import on, before Cello's script loads (development builds only: production drops this module).
if (typeof window === 'object') watchScriptTimings()

/** What the page shows now, read again every `refreshMs`, with the cookies' details where the browser tells. */
function usePage(refreshMs: number): ReferralPageSnapshot {
  const [page, setPage] = useState(readReferralPage)
  useEffect(() => {
    let active = true
    const read = () => {
      const next = readReferralPage()
      setPage(next)
      // The cookies document.cookie lists, with what the Cookie Store API tells of the same name and value.
      readCookieDetails().then(
        (details) =>
          active &&
          details &&
          setPage({
            ...next,
            cookies: next.cookies.map((c) => ({
              ...c,
              ...details.find((d) => d.name === c.name && d.value === c.value),
            })),
          }),
        () => {},
      )
    }
    read()
    const timer = setInterval(read, refreshMs)
    return () => {
      active = false
      clearInterval(timer)
    }
  }, [refreshMs])
  return page
}

function Devtools({
  bffBaseUrl,
  signupUrl,
  initialIsOpen = false,
  position = 'bottom-right',
  overrides,
  refreshMs = 1000,
}: CelloDevtoolsProps) {
  const [open, setOpen] = useState(initialIsOpen)
  const [asked, ask] = useState(0)
  const [bff, setBff] = useState<BffProbe>()
  const toggle = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)
  const page = { ...usePage(refreshMs), signupUrl, ...overrides }
  useEffect(() => {
    if (!open) return
    let active = true
    void probeCelloBff({ baseUrl: bffBaseUrl }).then((probe) => active && setBff(probe))
    return () => {
      active = false
    }
  }, [open, bffBaseUrl, asked])
  useEffect(() => {
    if (open) panel.current?.focus()
  }, [open])
  const probe = overrides?.bff ?? bff
  const findings = diagnoseReferral({ ...page, bff: probe })
  const problems = findings.filter((f) => f.severity !== 'info').length
  const close = () => {
    setOpen(false)
    toggle.current?.focus()
  }
  return (
    <div className="root">
      <style>{DEVTOOLS_CSS}</style>
      <div className={`corner ${position}`}>
        <button
          ref={toggle}
          type="button"
          className="toggle"
          aria-label="Cello devtools"
          aria-describedby="cello-devtools-count"
          aria-expanded={open}
          aria-controls={open ? 'cello-devtools-panel' : undefined}
          onClick={() => (open ? close() : setOpen(true))}
        >
          Cello
        </button>
        <span className={problems ? 'badge' : 'badge ok'} aria-hidden="true">
          {problems || '✓'}
        </span>
        <span id="cello-devtools-count" hidden>
          {problems} {problems === 1 ? 'problem' : 'problems'}
        </span>
      </div>
      {open && (
        <div
          ref={panel}
          id="cello-devtools-panel"
          className={`panel ${position}`}
          role="dialog"
          aria-labelledby="cello-devtools-title"
          tabIndex={-1}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation()
              close()
            }
          }}
        >
          <div className="head">
            <h2 id="cello-devtools-title">Cello devtools</h2>
            <span>
              <button type="button" className="recheck" onClick={() => ask((n) => n + 1)}>
                Ask the BFF again
              </button>{' '}
              <button type="button" className="close" onClick={close}>
                Close
              </button>
            </span>
          </div>
          <Findings findings={findings} />
          <DevtoolsSections page={page} bff={probe} />
        </div>
      )}
    </div>
  )
}

/**
 * The development panel: a corner button that opens the findings of `diagnoseReferral` and what
 * they are made of, live, inside a shadow root (the app's styles do not reach in, the panel's do
 * not reach out). Import it through `react-cello/devtools`, whose `CelloDevtools` renders nothing
 * outside development builds.
 */
export function CelloDevtoolsPanel(props: CelloDevtoolsProps) {
  const [root, setRoot] = useState<ShadowRoot | null>(null)
  // The shadow root is made once the host is in the document; a remount finds it there.
  const host = useCallback((node: HTMLDivElement | null) => {
    if (node) setRoot(node.shadowRoot ?? node.attachShadow({ mode: 'open' }))
  }, [])
  return (
    <div ref={host} data-cello-devtools="">
      {root && createPortal(<Devtools {...props} />, root)}
    </div>
  )
}

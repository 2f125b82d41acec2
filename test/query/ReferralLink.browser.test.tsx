import { render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { CelloProvider, ReferralLink } from '../../src'
import { createTestQueryClient } from '../support/createTestQueryClient'
import { withFakeBffPerTest } from '../support/browserPage'

withFakeBffPerTest()

const LINK = 'https://moonly.cello.so/pNRB1aYqArN'

async function renderLink(onLinkCopied = vi.fn()) {
  render(
    <CelloProvider consent="pending" queryClient={createTestQueryClient()}>
      <ReferralLink userKey="user-1" onLinkCopied={onLinkCopied} />
    </CelloProvider>,
  )
  await waitFor(() => expect(screen.getByLabelText('Your referral link')).toHaveValue(LINK))
  return onLinkCopied
}

describe('ReferralLink in real Chromium', () => {
  it('shows a loading state first, then the link', async () => {
    render(
      <CelloProvider consent="pending" queryClient={createTestQueryClient()}>
        <ReferralLink userKey="user-1" />
      </CelloProvider>,
    )
    expect(screen.getByRole('status')).toHaveTextContent('Loading your referral link…')
    await waitFor(() => expect(screen.getByLabelText('Your referral link')).toHaveValue(LINK))
  })

  it('copies with the Clipboard API and announces it in a status region', async () => {
    const writeText = vi.fn(async () => {})
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(writeText)
    const onLinkCopied = await renderLink()
    screen.getByRole('button', { name: 'Copy link' }).click()
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Link copied'))
    expect(writeText).toHaveBeenCalledWith(LINK)
    expect(onLinkCopied).toHaveBeenCalledWith(LINK)
  })

  it('falls back to selecting the link when the Clipboard API is refused and the legacy copy fails', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'))
    vi.spyOn(document, 'execCommand').mockReturnValue(false)
    const onLinkCopied = await renderLink()
    screen.getByRole('button', { name: 'Copy link' }).click()
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('press Ctrl+C'))
    const input = screen.getByLabelText<HTMLInputElement>('Your referral link')
    expect(document.activeElement).toBe(input)
    expect(input.value.slice(input.selectionStart!, input.selectionEnd!)).toBe(LINK)
    expect(onLinkCopied).not.toHaveBeenCalled()
  })

  it('uses the legacy copy command when the Clipboard API is missing', async () => {
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true })
    const execCommand = vi.spyOn(document, 'execCommand').mockReturnValue(true)
    try {
      const onLinkCopied = await renderLink()
      screen.getByRole('button', { name: 'Copy link' }).click()
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Link copied'))
      expect(execCommand).toHaveBeenCalledWith('copy')
      expect(onLinkCopied).toHaveBeenCalledWith(LINK)
    } finally {
      Reflect.deleteProperty(navigator, 'clipboard')
      expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')).toEqual(clipboard)
    }
  })
})

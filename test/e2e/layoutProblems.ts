import type { Page } from 'playwright-core'

/**
 * What is laid out badly on the page as it is now, one line per problem (empty when it all fits):
 *
 * - an element sticking out of the viewport sideways (unless an ancestor clips it, as a text
 *   field clips its value);
 * - two siblings in the flow drawing over each other (fixed and absolute layers, such as the
 *   consent bar, are left out: they float over the page by design);
 * - an element matching `oneLine` whose text runs onto a second line (a header, a button, a
 *   badge, a switch's label).
 *
 * Paragraphs wrapping is fine: that is what they do on a phone.
 */
export function layoutProblems(page: Page, oneLine: readonly string[]): Promise<string[]> {
  return page.evaluate((oneLineSelectors) => {
    const problems: string[] = []
    const viewport = document.documentElement.clientWidth
    const name = (el: Element) => {
      const classes = [...el.classList].map((c) => `.${c}`).join('')
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)
      return `<${el.tagName.toLowerCase()}${classes}>${text ? ` "${text}"` : ''}`
    }
    const shown = (el: Element) => {
      const style = getComputedStyle(el)
      const box = el.getBoundingClientRect()
      // Visually hidden text (1 px, clipped) is there for screen readers, not for the eye.
      return style.display !== 'none' && style.visibility !== 'hidden' && box.width > 1 && box.height > 1
    }
    const clippedX = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== 'visible') return true
      }
      return false
    }
    const layered = (el: Element) => ['absolute', 'fixed'].includes(getComputedStyle(el).position)

    for (const el of document.body.querySelectorAll('*')) {
      if (!shown(el)) continue
      const box = el.getBoundingClientRect()
      if ((box.right > viewport + 0.5 || box.left < -0.5) && !clippedX(el))
        problems.push(
          `${name(el)} sticks out of the ${viewport} px viewport (${Math.round(box.left)} to ${Math.round(box.right)})`,
        )
      // An inline element runs over lines as fragments: its bounding box would take in the whole
      // lines it touches, so each fragment is compared.
      const children = [...el.children].filter((child) => shown(child) && !layered(child))
      const fragments = children.map((child) => [...child.getClientRects()].filter((r) => r.width > 0 && r.height > 0))
      for (let i = 0; i < children.length; i++) {
        for (let j = i + 1; j < children.length; j++) {
          for (const a of fragments[i]!) {
            const b = fragments[j]!.find(
              (b) =>
                Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
                Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1,
            )
            if (!b) continue
            const across = Math.round(Math.min(a.right, b.right) - Math.max(a.left, b.left))
            const down = Math.round(Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top))
            problems.push(`${name(children[i]!)} and ${name(children[j]!)} overlap (${across}×${down} px)`)
            break
          }
        }
      }
    }

    for (const el of document.querySelectorAll(oneLineSelectors.join(','))) {
      if (!shown(el)) continue
      // The boxes of its text, one per line each text runs over.
      const boxes: DOMRect[] = []
      const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
      for (let text = texts.nextNode(); text; text = texts.nextNode()) {
        if (!text.textContent?.trim() || !text.parentElement || !shown(text.parentElement)) continue
        const range = document.createRange()
        range.selectNodeContents(text)
        boxes.push(...[...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0))
      }
      // On one line, every box shares some height with every other; a box that starts below
      // where another ends is on a line of its own.
      const top = Math.max(...boxes.map((box) => box.top))
      const bottom = Math.min(...boxes.map((box) => box.bottom))
      if (boxes.length > 1 && top >= bottom - 1) problems.push(`${name(el)} runs onto a second line`)
    }
    return problems
  }, oneLine)
}

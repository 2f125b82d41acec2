/**
 * Whether this frame is a story box on a docs page. There Storybook gives each story its own
 * iframe (`docs.story.inline: false` in preview.tsx) inside the docs page's frame, whose address
 * says `viewMode=docs`; a story opened on its own (the canvas) or run by Vitest is not in one.
 */
export function isDocsStoryFrame(win: Window = window): boolean {
  try {
    return win.parent !== win && new URLSearchParams(win.parent.location.search).get('viewMode') === 'docs'
  } catch {
    return false // a parent on another origin is no docs page of this catalog
  }
}

/**
 * Focus without scrolling, in this frame. A story box that focuses an element (a play function's
 * click, a component moving focus) would otherwise scroll every ancestor frame to bring it into
 * view: the docs page would jump to that box while the reader is elsewhere. Focus itself still
 * moves, so what the story shows is unchanged.
 */
export function preventFocusScroll(win: Window & typeof globalThis = window): void {
  const focus = win.HTMLElement.prototype.focus
  win.HTMLElement.prototype.focus = function (this: HTMLElement, options?: FocusOptions) {
    focus.call(this, { ...options, preventScroll: true })
  }
}

/**
 * On a docs page, loads every story box at once. Storybook's boxes are lazy iframes, loaded only
 * when scrolled near: a box further down ("Not referred", at the end of a page) stayed blank and
 * then showed a spinner while its frame started, once the reader got there.
 */
export function loadStoryBoxesEagerly(doc: Document = document): void {
  const eager = () => {
    for (const frame of doc.querySelectorAll<HTMLIFrameElement>('iframe[loading="lazy"]')) frame.loading = 'eager'
  }
  new MutationObserver(eager).observe(doc.documentElement, { childList: true, subtree: true })
}

/**
 * Gives this frame its own `document.cookie`, in memory. On a docs page every story runs in its
 * own iframe, but same-origin iframes share one cookie store: the story that writes
 * `cello-referral` would leak the code into "Not referred" next to it. One jar per frame makes
 * each story a separate visitor. Names only (path and domain are ignored); `Max-Age=0` or a past
 * `Expires` deletes, as `resetCello` and consent `'denied'` do.
 */
export function installCookieJar(doc: Document = document): void {
  const jar = new Map<string, string>()
  Object.defineProperty(doc, 'cookie', {
    configurable: true,
    get: () => [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    set: (raw: string) => {
      const [pair = '', ...attributes] = raw.split(';')
      const eq = pair.indexOf('=')
      if (eq < 1) return
      const name = pair.slice(0, eq).trim()
      const expired = attributes.some((attribute) => {
        const [key = '', value = ''] = attribute.split('=').map((part) => part.trim())
        if (key.toLowerCase() === 'max-age') return Number(value) <= 0
        return key.toLowerCase() === 'expires' && Date.parse(value) <= Date.now()
      })
      if (expired) jar.delete(name)
      else jar.set(name, pair.slice(eq + 1).trim())
    },
  })
}

/**
 * Gives this frame its own `localStorage`, in memory, for the same reason: "Dismissed" stores its
 * dismissal per referral code, and the other banners of the docs page (same code) would vanish.
 */
export function installMemoryStorage(win: Window = window): void {
  const items = new Map<string, string>()
  const storage: Storage = {
    get length() {
      return items.size
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  }
  Object.defineProperty(win, 'localStorage', { configurable: true, value: storage })
}

import { CelloError } from '../../shared/CelloError'

/** Options of the fake `cello.js`. */
export interface FakeReferralScriptOptions {
  /** The product id tokens must carry and `boot` must be given. */
  productId: string
  /** The product secret tokens must be signed with (HS512). A test secret: it is in the script's source. */
  productSecret: string
  /**
   * Tokens expire this many seconds after their `iat` (Cello's optional 24 h expiry is a portal
   * setting: https://docs.cello.so/guides/token-update). `onTokenExpiring` fires 5 minutes before,
   * `onTokenExpired` at expiry. @defaultValue tokens do not expire
   */
  tokenLifetimeSeconds?: number
  /** `'manual'`: time stands still until the test calls `advance(ms)`. @defaultValue 'real' */
  clock?: 'real' | 'manual'
  /** Milliseconds between the script running and it draining the queue. @defaultValue 0 */
  latencyMs?: number
  /** Countries `boot` refuses (Cello does not boot where it cannot pay out). @defaultValue [] */
  unsupportedCountries?: string[]
  /** Base of the link `getActiveUcc` answers. @defaultValue 'https://moonly.cello.so/' */
  linkBase?: string
}

/** Options of {@link fakeReferralScriptUrl}. */
export interface FakeReferralScriptUrlOptions extends FakeReferralScriptOptions {
  /** Make the load fail (the `error` event a blocked script fires), as an ad blocker would. */
  fail?: boolean
}

/** One call the page made to the fake component, in order. */
export interface FakeReferralCall {
  /** `boot`, or the `window.Cello` command (`shutdown`, `updateToken`, `open`, …). */
  command: string
  args: unknown[]
  /** The fake clock's time of the call (ms since the epoch). */
  at: number
  /** `false` when the fake refused it (bad token, not booted, unknown command). */
  ok: boolean
  /** The token's user for `boot` and `updateToken`. */
  productUserId?: string
}

/** What the fake shows the test, as `window.__celloReferralFake`. */
export interface FakeReferralControl {
  calls: FakeReferralCall[]
  /** Callbacks the fake fired into the page: `onTokenExpiring`, `onTokenExpired`, `onUserInteraction`. */
  callbacks: { name: string; at: number; args: unknown[] }[]
  /** The fake clock (ms since the epoch). */
  now(): number
  /** Moves the manual clock forward and fires the token callbacks that fall due. */
  advance(ms: number): void
  /** Fires `onUserInteraction(action, payload)` as if the user did it. */
  interact(action: string, payload?: unknown): void
  /**
   * A new alert, as Cello raises one ("new reward"…): a badge (`data-cello-fake="badge"`) on every
   * launcher found at boot (the `customLauncherSelector`'s elements, else the fake's own button)
   * that does not carry `data-cello-badge="false"`. Opening the component clears the badges.
   */
  alert(): void
  /** An announcement (`data-cello-fake="announcement"`) anchored inside the first launcher found at boot; a click dismisses it. */
  announce(text: string): void
  /** The booted user, language and whether the component is open; `null` when not booted. */
  session(): { productUserId: string; language?: string; open: boolean; expiresAt?: number } | null
}

declare global {
  interface Window {
    __celloReferralFake?: FakeReferralControl
  }
}

// Plain ES2017 source, not a compiled function, so that it runs the same wherever it is served.
const SOURCE = `(() => {
  const options = __OPTIONS__;
  const start = Date.now();
  let offset = 0;
  const now = () => (options.clock === 'manual' ? start + offset : Date.now());
  const calls = [];
  const callbacks = [];
  let session = null;
  let timer = null;
  const fire = (name, fn, args) => { callbacks.push({ name, at: now(), args }); if (typeof fn === 'function') fn(...args); };
  const decode = (part) => JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));
  const verify = async (token) => {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 3) throw new Error('Invalid token: not a JWT');
    const header = decode(parts[0]);
    if (header.alg !== 'HS512') throw new Error('Invalid token: alg must be HS512');
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(options.productSecret), { name: 'HMAC', hash: 'SHA-512' }, false, ['verify']);
    const signature = Uint8Array.from(atob(parts[2].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const valid = await crypto.subtle.verify('HMAC', key, signature, new TextEncoder().encode(parts[0] + '.' + parts[1]));
    if (!valid) throw new Error('Invalid token: bad signature');
    const claims = decode(parts[1]);
    if (claims.productId !== options.productId) throw new Error('Invalid token: productId is not ' + options.productId);
    if (typeof claims.productUserId !== 'string' || !claims.productUserId) throw new Error('Invalid token: productUserId is missing');
    if (typeof claims.iat !== 'number' || claims.iat * 1000 > now() + 60000) throw new Error('Invalid token: iat is missing or in the future');
    const expiresAt = options.tokenLifetimeSeconds ? (claims.iat + options.tokenLifetimeSeconds) * 1000 : undefined;
    if (expiresAt !== undefined && now() >= expiresAt) throw new Error('Invalid token: expired');
    return { productUserId: claims.productUserId, expiresAt };
  };
  const due = () => {
    if (!session || session.expiresAt === undefined) return;
    if (!session.warned && now() >= session.expiresAt - 300000) { session.warned = true; fire('onTokenExpiring', session.options.onTokenExpiring, []); }
    if (session && !session.expired && now() >= session.expiresAt) { session.expired = true; fire('onTokenExpired', session.options.onTokenExpired, []); }
  };
  const arm = () => {
    clearTimeout(timer);
    if (options.clock === 'manual' || !session || session.expiresAt === undefined) return;
    const next = session.warned ? session.expiresAt : session.expiresAt - 300000;
    timer = setTimeout(() => { due(); arm(); }, Math.max(0, next - now()));
  };
  const ui = { launcher: null, panel: null, marks: [] };
  const clearMarks = (kind) => { ui.marks = ui.marks.filter((m) => { if (kind && m.dataset.celloFake !== kind) return true; m.remove(); return false; }); };
  // Like Cello, the launchers are looked up once, at boot (no rescan of the DOM afterwards).
  const findLaunchers = () => {
    const selector = session.options.customLauncherSelector;
    if (selector) return Array.from(document.querySelectorAll(selector));
    return ui.launcher ? [ui.launcher] : [];
  };
  const mark = (parent, kind, text) => {
    const el = document.createElement(kind === 'badge' ? 'span' : 'div');
    el.dataset.celloFake = kind;
    if (kind === 'badge') { el.setAttribute('aria-hidden', 'true'); Object.assign(el.style, { position: 'absolute', top: '-4px', right: '-4px', width: '8px', height: '8px', borderRadius: '50%', background: 'red' }); }
    else { el.setAttribute('role', 'status'); el.textContent = text; Object.assign(el.style, { position: 'absolute', top: '100%', left: '0' }); el.addEventListener('click', (event) => { event.stopPropagation(); clearMarks('announcement'); }); }
    parent.append(el);
    ui.marks.push(el);
  };
  const alert = () => {
    if (!session) throw new Error('Cello is not booted');
    for (const el of session.launchers) if (el.isConnected && el.dataset.celloBadge !== 'false') mark(el, 'badge');
  };
  const announce = (text) => {
    if (!session) throw new Error('Cello is not booted');
    const anchor = session.launchers.find((el) => el.isConnected);
    if (anchor) mark(anchor, 'announcement', text);
  };
  const render = () => {
    if (!session) { for (const k of ['launcher', 'panel']) { if (ui[k]) ui[k].remove(); ui[k] = null; } clearMarks(); return; }
    if (session.open) clearMarks('badge');
    if (!session.options.hideDefaultLauncher && !ui.launcher) {
      ui.launcher = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Cello referrals (fake launcher)' });
      ui.launcher.dataset.celloFake = 'launcher';
      ui.launcher.addEventListener('click', () => { window.Cello('open'); });
      document.body.append(ui.launcher);
    }
    if (session.open && !ui.panel) {
      const panel = document.createElement('section');
      panel.dataset.celloFake = 'panel';
      panel.setAttribute('aria-label', 'Cello referral component (fake)');
      const link = Object.assign(document.createElement('p'), { textContent: active().link });
      const copy = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Copy link' });
      copy.addEventListener('click', () => interact('linkCopied', { link: active().link }));
      const close = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Close' });
      close.addEventListener('click', () => { window.Cello('close'); });
      panel.append(link, copy, close);
      document.body.append(panel);
      ui.panel = panel;
    } else if (!session.open && ui.panel) { ui.panel.remove(); ui.panel = null; }
  };
  const active = () => {
    let hash = 0;
    for (const c of session.productUserId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let ucc = '';
    for (let i = 0; i < 11; i++) { ucc += abc[hash % 62]; hash = (hash * 1103515245 + 12345) >>> 0; }
    return { ucc, link: (options.linkBase || 'https://moonly.cello.so/') + ucc };
  };
  const interact = (action, payload) => { if (session) fire('onUserInteraction', session.options.onUserInteraction, [action, payload]); };
  const record = (command, args, work) => {
    const call = { command, args, at: now(), ok: true };
    calls.push(call);
    return Promise.resolve().then(() => work(call)).catch((error) => { call.ok = false; throw error; });
  };
  const booted = () => { if (!session) throw new Error('Cello is not booted'); };
  const commands = {
    shutdown: () => { booted(); session = null; clearTimeout(timer); render(); },
    updateToken: async (call, token) => {
      booted();
      const claims = await verify(token);
      call.productUserId = claims.productUserId;
      if (claims.productUserId !== session.productUserId) throw new Error('updateToken: the token is for another user');
      Object.assign(session, { expiresAt: claims.expiresAt, warned: false, expired: false });
      arm();
    },
    open: () => { booted(); session.open = true; render(); },
    close: () => { booted(); session.open = false; render(); },
    changeLanguage: (call, language) => { booted(); session.language = language; },
    getActiveUcc: () => { booted(); return active(); },
    getCampaignConfig: () => { booted(); return {}; },
  };
  const boot = (bootOptions) => record('boot', [bootOptions], async (call) => {
    if (session) throw new Error('Cello is already booted: shut it down first');
    if (!bootOptions || bootOptions.productId !== options.productId) throw new Error('boot: productId must be ' + options.productId);
    const claims = await verify(bootOptions.token);
    call.productUserId = claims.productUserId;
    if ((options.unsupportedCountries || []).includes(bootOptions.country)) throw new Error('boot: Cello does not pay out in ' + bootOptions.country);
    session = { productUserId: claims.productUserId, expiresAt: claims.expiresAt, language: bootOptions.language, open: false, options: bootOptions, warned: false, expired: false, launchers: [] };
    render();
    session.launchers = findLaunchers();
    due();
    arm();
  });
  const run = (fn) => Promise.resolve().then(() => fn({ boot })).catch(() => undefined);
  const startUp = () => {
    window.Cello = (command, ...args) => record(command, args, (call) => {
      if (!Object.prototype.hasOwnProperty.call(commands, command)) throw new Error('Unknown command: ' + command);
      return commands[command](call, ...args);
    });
    const queue = (window.cello && window.cello.cmd) || [];
    window.cello = { cmd: { push: (fn) => { run(fn); } } };
    for (const fn of Array.from(queue)) run(fn);
  };
  window.__celloReferralFake = {
    calls, callbacks, now, interact, alert, announce,
    advance: (ms) => { if (options.clock !== 'manual') throw new Error('advance needs clock: manual'); offset += ms; due(); },
    session: () => (session ? { productUserId: session.productUserId, language: session.language, open: session.open, expiresAt: session.expiresAt } : null),
  };
  if (options.latencyMs > 0) setTimeout(startUp, options.latencyMs); else startUp();
})();
`

/**
 * The source of a fake `cello.js` (Cello's Referral Component) built from what Cello documents
 * (https://docs.cello.so/sdk/client-side/cello-js-usage, https://docs.cello.so/sdk/client-side/user-authentication,
 * https://docs.cello.so/guides/token-update): it drains `window.cello.cmd`, registers
 * `window.Cello`, and `boot` checks the token's HS512 signature and its `productId`,
 * `productUserId` and `iat` claims against the secret the test gives it. It answers `shutdown`,
 * `updateToken`, `open`, `close`, `changeLanguage`, `getActiveUcc` and `getCampaignConfig`, fires
 * `onTokenExpiring` 5 minutes before a token expires and `onTokenExpired` at expiry (on a clock the
 * test can control), and records every call in `window.__celloReferralFake` (see
 * {@link fakeCelloReferral}). Where Cello documents no behaviour it is strict: a second `boot`
 * without `shutdown`, or any command before `boot`, is refused (and recorded).
 */
export function fakeReferralScript(options: FakeReferralScriptOptions): string {
  return SOURCE.replace('__OPTIONS__', JSON.stringify(options).replace(/</g, '\\u003c'))
}

let urlCount = 0

/**
 * A `data:` URL of the fake `cello.js`, to pass as `scriptSrc` to `useCelloReferral` in tests and
 * Storybook; each call returns a new URL (a page runs a module once per URL). With `fail: true`,
 * a URL whose load fails, as a blocked script's does.
 */
export function fakeReferralScriptUrl(options: FakeReferralScriptUrlOptions): string {
  const { fail, ...scriptOptions } = options
  if (fail) return 'data:text/plain,blocked%20cello.js'
  const bytes = new TextEncoder().encode(`${fakeReferralScript(scriptOptions)}// ${++urlCount}\n`)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return `data:text/javascript;base64,${btoa(binary)}`
}

/**
 * The fake `cello.js`'s record and controls: every call in order, the callbacks it fired, its
 * clock. Throws when the fake has not run in this page.
 *
 * @example
 * expect(fakeCelloReferral().calls.map((c) => c.command)).toEqual(['boot', 'shutdown', 'boot'])
 */
export function fakeCelloReferral(): FakeReferralControl {
  const control = typeof window === 'undefined' ? undefined : window.__celloReferralFake
  if (!control)
    throw new CelloError(
      'script_load_failed',
      'The fake cello.js has not run in this page: pass fakeReferralScriptUrl(…) as scriptSrc',
    )
  return control
}

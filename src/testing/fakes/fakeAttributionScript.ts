/** Options of the fake attribution script. */
export interface FakeAttributionScriptOptions {
  /** Milliseconds between the script running and it answering (the queue waits). @defaultValue 0 */
  latencyMs?: number
  /** Referrer name to answer when the URL carries no `celloN`. */
  referrerName?: string
  /**
   * What `getCampaignConfig` answers. Cello does not document its property names, so the default
   * uses plausible ones: `{ newUserDiscountPercentage: 0.5, newUserDiscountMonths: 6 }`.
   */
  campaign?: Record<string, unknown> | null
  /** Write the `cello-referral` and `cello-product-id` cookies, as Cello's script does. @defaultValue true */
  cookies?: boolean
  /** Add a hidden `ucc` input to every form on the page, as Cello's script does. @defaultValue true */
  autoAttach?: boolean
}

/** Options of {@link fakeAttributionScriptUrl}. */
export interface FakeAttributionScriptUrlOptions extends FakeAttributionScriptOptions {
  /** Make the load fail (the `error` event a blocked script fires), as an ad blocker would. */
  fail?: boolean
}

// Plain ES2017 source, not a compiled function, so that it runs the same wherever it is served
// (a data: URL, a dev-server route, the demo) and cannot pick up bundler helpers.
const SOURCE = `(() => {
  const options = __OPTIONS__;
  // Served at a known path: a script whose tag left the page before it arrived does nothing, so a
  // slow load from one test (or page) cannot write the next one's cookies or answer its queue.
  const self = __SELF__;
  if (self && !Array.from(document.scripts).some((s) => s.src.endsWith(self))) return;
  const params = new URLSearchParams(location.search);
  const readCookie = (name) => {
    const hit = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
    return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
  };
  const decodeName = (value) => {
    try { return new TextDecoder().decode(Uint8Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))); }
    catch (e) { return undefined; }
  };
  const urlUcc = params.get('ucc') || undefined;
  const productId = params.get('productId') || undefined;
  const nameParam = params.get('celloN');
  const months3 = 60 * 60 * 24 * 90;
  if (options.cookies !== false && urlUcc) {
    document.cookie = 'cello-referral=' + encodeURIComponent(urlUcc) + '; max-age=' + months3 + '; path=/';
    if (productId) document.cookie = 'cello-product-id=' + encodeURIComponent(productId) + '; max-age=' + months3 + '; path=/';
  }
  const ucc = () => urlUcc || (options.cookies !== false ? readCookie('cello-referral') : undefined);
  const attach = (forms) => {
    const code = ucc();
    if (!code) return;
    for (const form of forms) {
      let input = form.querySelector('input[name="ucc"]');
      if (!input) { input = document.createElement('input'); input.type = 'hidden'; input.name = 'ucc'; form.appendChild(input); }
      input.value = code;
    }
  };
  const commands = {
    getUcc: () => ucc(),
    getReferrerName: () => (nameParam ? decodeName(nameParam) : undefined) || options.referrerName || undefined,
    getCampaignConfig: () => options.campaign === undefined ? { newUserDiscountPercentage: 0.5, newUserDiscountMonths: 6 } : options.campaign,
    attachTo: (target) => {
      if (!target) throw new Error('attachTo needs a form element');
      attach(Array.isArray(target) ? target : [target]);
    },
    attachAll: () => attach(Array.from(document.forms)),
  };
  const run = (command, args) => {
    if (command === 'getReferral') return Promise.reject(new Error('getReferral is not supported in this context. Use getUcc instead.'));
    const handler = commands[command];
    if (!handler) return Promise.reject(new Error('Unknown command: ' + command));
    try { return Promise.resolve(handler.apply(null, args)); } catch (e) { return Promise.reject(e); }
  };
  const start = () => {
    window.CelloAttribution = (command, ...args) => run(command, args);
    const queue = window.CelloAttributionCmd || [];
    window.CelloAttributionCmd = [];
    for (const item of queue) {
      // The current stub pushes args as an array; an older one pushed the single argument.
      run(item.command, Array.isArray(item.args) ? item.args : item.args === undefined ? [] : [item.args]).then(item.resolve, item.reject);
    }
    if (options.autoAttach !== false) attach(Array.from(document.forms));
  };
  if (options.latencyMs > 0) setTimeout(start, options.latencyMs); else start();
})();
`

/**
 * The source of a fake `cello-attribution.js` that follows Cello's documented protocol
 * (https://docs.cello.so/sdk/client-side/attribution-js-usage): it drains `window.CelloAttributionCmd`, replaces the queue stub with its own
 * `window.CelloAttribution`, reads `ucc`, `productId` and `celloN` from the URL, writes the
 * `cello-referral` cookie, adds a hidden `ucc` input to forms, and answers `getUcc`,
 * `getReferrerName`, `getCampaignConfig` and `attachTo`. Where Cello does not document an
 * answer (no code: `undefined`), it gives the least convenient one.
 */
export function fakeAttributionScript(options: FakeAttributionScriptOptions = {}): string {
  return fakeAttributionScriptAt(options, null)
}

/**
 * {@link fakeAttributionScript} served at a URL ending in `tail` (its query, unique per test): it
 * runs only while a `<script>` tag whose URL ends so is in the page.
 * @internal
 */
export function fakeAttributionScriptAt(options: FakeAttributionScriptOptions, tail: string | null): string {
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')
  return SOURCE.replace('__OPTIONS__', () => json(options)).replace('__SELF__', () => json(tail))
}

let urlCount = 0

/**
 * A `data:` URL of the fake script, to pass as `scriptSrc` to `CelloProvider` in tests and
 * Storybook. Works in any browser without a server. Each call returns a new URL, because a page
 * runs a module script only once per URL and tests play many page loads in one page. With
 * `fail: true` it is a URL whose load fails (a non-JavaScript MIME type, which browsers refuse
 * for module scripts).
 */
export function fakeAttributionScriptUrl(options: FakeAttributionScriptUrlOptions = {}): string {
  const { fail, ...scriptOptions } = options
  if (fail) return 'data:text/plain,blocked%20cello-attribution.js'
  const bytes = new TextEncoder().encode(`${fakeAttributionScript(scriptOptions)}// ${++urlCount}\n`)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return `data:text/javascript;base64,${btoa(binary)}`
}

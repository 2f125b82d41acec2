import { createCelloAttributionApi, type CelloAttributionApi } from './createCelloAttributionApi'
import { createCelloCall } from './createCelloCall'
import { celloTimeout, loadCelloScript, type LoadCelloAttributionOptions } from './loadCelloScript'

/**
 * Loads Cello's attribution script once per page and resolves with a typed wrapper over its
 * command API. Installs Cello's command-queue stub first, injects
 * `<script type="module" async>` (or adopts a matching tag already in the page), and never removes
 * it. Resolves `null` on the server without touching `window` or `document`.
 *
 * Rejects with a `CelloError` whose `code` is `script_load_failed` or `script_timeout`; after a
 * failure the next call tries again.
 *
 * @example
 * const cello = await loadCelloAttribution({ environment: 'sandbox' })
 * const ucc = await cello?.getUcc()
 * @see https://docs.cello.so/sdk/client-side/attribution-js-usage
 */
export async function loadCelloAttribution(options: LoadCelloAttributionOptions = {}): Promise<CelloAttributionApi | null> {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null
  await loadCelloScript(options)
  return createCelloAttributionApi(createCelloCall(celloTimeout(options)))
}

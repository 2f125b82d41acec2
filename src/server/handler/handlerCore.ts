// What createCelloHandler does, apart from the Web-standard Request and Response around it: the
// Node adapter (toNodeHandler) calls it directly with a request read from the socket and writes its
// answer itself, which spares building a Request and a Response per request (issue 25).
import type { CelloHandler } from './CelloHandler'
import type { JsonBody, PlainAnswer } from './handlerResponses'

/** A request as the handler reads it, from a Web Request or straight from Node. */
export interface IncomingRequest {
  /** Upper case, as Request has it. */
  readonly method: string
  /** The URL's path, as `new URL(request.url).pathname` has it. */
  readonly path: string
  /** A header's value as `request.headers.get(name)` gives it; `name` in lower case. */
  header(name: string): string | null
  /** The request's URL (for the origin check). */
  url(): URL
  /** What getUser, onError and the routes receive (from Node: built on first use). */
  readonly request: Request
  /** The JSON body, at most `limit` bytes. */
  readJson(limit: number): Promise<JsonBody>
}

/** The handler's work: its answer, with every header but the framing ones. */
export type CelloHandlerCore = (incoming: IncomingRequest) => Promise<PlainAnswer | Response>

// Which functions createCelloHandler made, and their core: a mark the public function does not carry.
const cores = new WeakMap<CelloHandler, CelloHandlerCore>()

/** Marks `handler` as createCelloHandler's, with its core. */
export function markCore(handler: CelloHandler, core: CelloHandlerCore): CelloHandler {
  cores.set(handler, core)
  return handler
}

/** The core of a handler createCelloHandler made; `undefined` for any other function. */
export const coreOf = (handler: CelloHandler): CelloHandlerCore | undefined => cores.get(handler)

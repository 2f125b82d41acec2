// A Node request as createCelloHandler's core reads it (issue 25): headers from `req.headers`, the
// JSON body from the socket, and the Web Request that getUser, onError and the routes receive built
// only when one of them reads more than its method, URL, headers or signal.
import type { IncomingRequest } from './handlerCore'
import { parseJsonBody, readJsonBody, tooLarge, type JsonBody } from './handlerResponses'
import { abortOnClose, buildRequest, nodeHeaders, requestUrl, type NodeRequest } from './nodeRequest'

// A path the URL parser gives back unchanged: nothing it percent-encodes or reads as a separator
// (`\`), no `%` (`%2e` is a dot), no fragment; and, checked apart, no dot segment (`/.`).
const PLAIN_PATH = /^\/[\w\-~!$&'()*+,;=:@/.]*$/

/** `requestUrl(req).pathname`, without parsing a URL when the target is a plain path. */
function requestPath(req: NodeRequest): string {
  const target = req.originalUrl ?? req.url ?? '/'
  const query = target.indexOf('?')
  const path = query < 0 ? target : target.slice(0, query)
  if (PLAIN_PATH.test(path) && !path.includes('/.')) return path
  return requestUrl(req).pathname
}

/**
 * The Web Request a handler's callbacks receive from Node: a `Request` (instanceof works) whose
 * method, url, headers and signal are read from `req` when asked for; anything else (the body,
 * `clone()`, `json()`…) builds the real Request once and answers from it.
 */
class NodeRequestView {
  readonly #req: NodeRequest
  #url: URL | undefined
  #headers: Headers | undefined
  #controller: AbortController | undefined
  #request: Request | undefined
  /** `dropped`: the core read the body from the socket, so the real Request, built later, has none. */
  readonly #body: { dropped: boolean }

  constructor(req: NodeRequest, body: { dropped: boolean }) {
    this.#req = req
    this.#body = body
  }
  get method(): string {
    return this.#req.method ?? 'GET'
  }
  get url(): string {
    return NodeRequestView.urlOf(this).href
  }
  get headers(): Headers {
    return (this.#headers ??= nodeHeaders(this.#req))
  }
  get signal(): AbortSignal {
    if (!this.#controller) abortOnClose(this.#req, (this.#controller = new AbortController()))
    return this.#controller.signal
  }

  static urlOf(view: NodeRequestView): URL {
    return (view.#url ??= requestUrl(view.#req))
  }
  /** True once something needed the real Request. */
  static isBuilt(view: NodeRequestView): boolean {
    return view.#request !== undefined
  }
  static #real(view: NodeRequestView): Request {
    return (view.#request ??= buildRequest(
      view.#req,
      NodeRequestView.urlOf(view),
      view.headers,
      view.signal,
      view.#body,
    ))
  }

  // Everything else of Request.prototype answers from the real Request: its getters and methods,
  // and the runtime's own slots (undici's symbols), so that `new Request(request)` and
  // `fetch(request)` work too.
  static {
    const prototype = NodeRequestView.prototype
    const real = NodeRequestView.#real
    const own = new Set<PropertyKey>(Reflect.ownKeys(prototype))
    for (const key of Reflect.ownKeys(Request.prototype)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(Request.prototype, key)
      if (own.has(key) || !descriptor) continue
      const method: unknown = descriptor.value
      if (typeof method === 'function') {
        Object.defineProperty(prototype, key, {
          configurable: true,
          value(this: NodeRequestView, ...args: unknown[]): unknown {
            return Reflect.apply(method, real(this), args)
          },
        })
      } else if (descriptor.get) {
        const get = descriptor.get
        Object.defineProperty(prototype, key, {
          configurable: true,
          get: function (this: NodeRequestView) {
            return get.call(real(this))
          },
        })
      } else Object.defineProperty(prototype, key, descriptor)
    }
    for (const key of Object.getOwnPropertySymbols(new Request('http://localhost/'))) {
      Object.defineProperty(prototype, key, {
        configurable: true,
        get(this: NodeRequestView): unknown {
          return Reflect.get(real(this), key)
        },
      })
    }
    Object.setPrototypeOf(prototype, Request.prototype)
  }
}

/** The Node request `req` as createCelloHandler's core reads it. */
export function nodeIncoming(req: NodeRequest): IncomingRequest & { body: { dropped: boolean } } {
  const body = { dropped: false }
  const view = new NodeRequestView(req, body)
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- a Request in all but its constructor: Request.prototype is in its chain and it answers every member of it
  const request = view as unknown as Request
  return {
    method: req.method ?? 'GET',
    path: requestPath(req),
    header: (name) => {
      const value = req.headers[name]
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
    },
    url: () => NodeRequestView.urlOf(view),
    request,
    // A callback that already took the Request (its body, say) has it read the Web way.
    readJson: (limit) =>
      NodeRequestView.isBuilt(view) ? readJsonBody(request, limit) : readNodeJson(req, limit, body),
    body,
  }
}

/** Reads a JSON body of at most `limit` bytes from the socket, as readJsonBody does from a Request. */
function readNodeJson(req: NodeRequest, limit: number, body: { dropped: boolean }): Promise<JsonBody> {
  body.dropped = true
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge(limit))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size <= limit) return void chunks.push(chunk)
      // Not req.destroy(): the 413 still has to reach the client; discardRest drains the rest.
      done()
      req.pause()
      resolve(tooLarge(limit))
    }
    const onEnd = () => {
      done()
      const [only] = chunks
      resolve(parseJsonBody(chunks.length === 1 && only ? only : Buffer.concat(chunks, size)))
    }
    const onError = (error: Error) => {
      done()
      reject(error)
    }
    // The client went away mid-body: nothing more will come.
    const onClose = () => {
      if (req.complete) return
      done()
      reject(new Error('The client closed the connection before it sent the whole body.'))
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}

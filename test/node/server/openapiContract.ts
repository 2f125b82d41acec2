// Validates requests and responses against Cello's own OpenAPI document, read from
// ../shared/cello/openapi-v1.json (never copied into this repository). The emulator and the
// client are both checked against it, so neither can drift from the documented contract.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

type Operation = {
  requestBody?: { content?: Record<string, { schema?: object }> }
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>
}
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } }

/**
 * Absolute path of Cello's OpenAPI document: `shared/cello/openapi-v1.json` beside the checkout
 * (`../shared` from the repository root), found by walking up, so copies of the tree (the React 18
 * run in .cache/) find it too. `CELLO_OPENAPI` overrides it.
 */
export const openApiPath = process.env.CELLO_OPENAPI ?? findUp(dirname(fileURLToPath(import.meta.url)))

function findUp(dir: string): string {
  const candidate = join(dir, 'shared', 'cello', 'openapi-v1.json')
  if (existsSync(candidate)) return candidate
  const parent = dirname(dir)
  if (parent === dir) throw new Error("Cello's OpenAPI document was not found: expected ../shared/cello/openapi-v1.json beside the repository, or set CELLO_OPENAPI.")
  return findUp(parent)
}

/** Cello's OpenAPI document, parsed. */
export const openApi = JSON.parse(readFileSync(openApiPath, 'utf8')) as OpenApi

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule
const ajv = new Ajv({ allErrors: true, strict: false })
addFormats(ajv)
ajv.addSchema({ components: openApi.components }, 'openapi')

// Cello's document says `oneOf: [TokenResponse, RefreshTokenResponse]` for POST /token, but a
// key-exchange answer (its own example included) matches both, so `oneOf` fails it. Neither
// schema forbids extra keys, so what Cello means is `anyOf`; every `oneOf` here is read that way
// (the other one, `Reward | null`, is unaffected). The examples test holds this in check.
const rewrite = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/').replaceAll('"oneOf":', '"anyOf":'))
const cache = new Map<string, ValidateFunction>()
const compile = (key: string, schema: object) => {
  let validate = cache.get(key)
  if (!validate) cache.set(key, (validate = ajv.compile(rewrite(schema) as object)))
  return validate
}

/** The documented path template a concrete path matches, e.g. `/referral-codes/abc` → `/referral-codes/{code}`. */
export function matchPath(path: string): string | null {
  const pathname = path.split('?')[0]!
  const templates = Object.keys(openApi.paths).sort((a, b) => a.split('{').length - b.split('{').length)
  for (const template of templates) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`)
    if (pattern.test(pathname)) return template
  }
  return null
}

const operation = (method: string, path: string): { errors: string[] } | { template: string; op: Operation } => {
  const template = matchPath(path)
  if (!template) return { errors: [`${method.toUpperCase()} ${path} is not in Cello's OpenAPI document`] }
  const op = openApi.paths[template]![method.toLowerCase()]
  if (!op) return { errors: [`${method.toUpperCase()} ${template} is not in Cello's OpenAPI document`] }
  return { template, op }
}

const explain = (validate: ValidateFunction) =>
  (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`)

/** Checks a request body against the operation's documented schema. `errors` is empty when it conforms. */
export function validateRequest(method: string, path: string, body: unknown): { errors: string[] } {
  const found = operation(method, path)
  if ('errors' in found) return { errors: found.errors }
  const schema = found.op.requestBody?.content?.['application/json']?.schema
  if (!schema) return { errors: body === undefined ? [] : [`${method.toUpperCase()} ${found.template} takes no body`] }
  const validate = compile(`req ${method} ${found.template}`, schema)
  return { errors: validate(body) ? [] : explain(validate) }
}

/** Checks a response status and body against the operation's documented responses. */
export function validateResponse(method: string, path: string, status: number, body: unknown): { errors: string[] } {
  const found = operation(method, path)
  if ('errors' in found) return { errors: found.errors }
  const response = found.op.responses?.[String(status)]
  if (!response) return { errors: [`${method.toUpperCase()} ${found.template} does not document status ${status}`] }
  const schema = response.content?.['application/json']?.schema
  if (!schema) return { errors: body === undefined || body === '' ? [] : [`${status} of ${found.template} documents no body`] }
  const validate = compile(`res ${method} ${found.template} ${status}`, schema)
  return { errors: validate(body) ? [] : explain(validate) }
}

// Validates requests and responses against this repository's fact-only contract for Cello's API,
// test/contract/cello-v1.json, made from Cello's official OpenAPI document by
// scripts/make-cello-contract.mjs (contractDrift.test.ts fails when the two part ways). The
// emulator and the client are both checked against it, so neither can drift from the documented
// contract, and the tests need nothing outside this repository.
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { contractPath, findOfficialDocument } from '../../scripts/make-cello-contract.mjs'

type Operation = {
  requestBody?: { content?: Record<string, { schema?: object }> }
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>
}
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } }

/** The repository's contract for Cello's API, parsed. */
export const openApi = JSON.parse(readFileSync(contractPath, 'utf8')) as OpenApi

/**
 * Path of Cello's official OpenAPI document (`CELLO_OPENAPI`, or `shared/cello/openapi-v1.json`
 * found by walking up from the checkout), or null on a machine without it: the tests that need
 * Cello's own examples then skip.
 */
export const officialPath: string | null = findOfficialDocument()

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule
const ajv = new Ajv({ allErrors: true, strict: false })
addFormats(ajv)
ajv.addSchema({ components: openApi.components }, 'openapi')

// Cello's document says `oneOf: [TokenResponse, RefreshTokenResponse]` for POST /token, but a
// key-exchange answer (its own example included) matches both, so `oneOf` fails it. Neither
// schema forbids extra keys, so what Cello means is `anyOf`; every `oneOf` here is read that way
// (the other one, `Reward | null`, is unaffected). The examples test holds this in check.
const rewrite = (schema: unknown): unknown =>
  JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/').replaceAll('"oneOf":', '"anyOf":'),
  )
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
  if (!schema)
    return { errors: body === undefined || body === '' ? [] : [`${status} of ${found.template} documents no body`] }
  const validate = compile(`res ${method} ${found.template} ${status}`, schema)
  return { errors: validate(body) ? [] : explain(validate) }
}

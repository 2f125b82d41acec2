// Writes test/contract/cello-v1.json, this repository's own fact-only contract for Cello's API,
// from Cello's official OpenAPI document (CELLO_OPENAPI, or shared/cello/openapi-v1.json found by
// walking up from here). Only facts are kept: servers, paths, methods, parameters, request and
// response schemas per status, components' schemas and security schemes. Every prose field
// (descriptions, summaries, titles, examples, vendor extensions) is left out, and a keyword this
// script does not know stops it, so nothing new is copied or silently dropped.
//
//   node scripts/make-cello-contract.mjs           writes the contract
//   node scripts/make-cello-contract.mjs --check   fails when the committed contract has drifted
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const contractPath = join(root, 'test', 'contract', 'cello-v1.json')

/** Path of Cello's official document, or null when this machine has none. */
export function findOfficialDocument(env = process.env, from = root) {
  if (env.CELLO_OPENAPI) return existsSync(env.CELLO_OPENAPI) ? env.CELLO_OPENAPI : null
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'cello', 'openapi-v1.json')
    if (existsSync(candidate)) return candidate
    if (dirname(dir) === dir) return null
  }
}

// Prose and presentation: dropped wherever they appear. Anything starting with x- is dropped too.
const PROSE = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'externalDocs',
  'tags',
  'deprecated',
  'operationId',
])
// JSON Schema / OpenAPI schema keywords that carry facts.
const SCHEMA_FACTS = new Set([
  'type',
  'format',
  'enum',
  'const',
  'nullable',
  'required',
  'default',
  'items',
  'additionalProperties',
  '$ref',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
  'readOnly',
  'writeOnly',
])
const isProse = (key) => PROSE.has(key) || key.startsWith('x-')
const unknown = (where, key) => {
  throw new Error(
    `make-cello-contract: unknown key "${key}" at ${where}; decide whether it is a fact (keep it here) or prose (drop it)`,
  )
}

function schema(value, where) {
  if (Array.isArray(value)) return value.map((item, i) => schema(item, `${where}/${i}`))
  if (!value || typeof value !== 'object') return value
  const out = {}
  for (const [key, inner] of Object.entries(value)) {
    if (isProse(key)) continue
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(inner).map(([name, s]) => [name, schema(s, `${where}/properties/${name}`)]),
      )
    } else if (key === 'enum' || key === 'required' || key === 'const' || key === 'default') {
      out[key] = inner
    } else if (SCHEMA_FACTS.has(key)) {
      out[key] = schema(inner, `${where}/${key}`)
    } else unknown(where, key)
  }
  return out
}

function content(value, where) {
  const out = {}
  for (const [mediaType, body] of Object.entries(value)) {
    for (const key of Object.keys(body)) if (key !== 'schema' && !isProse(key)) unknown(`${where}/${mediaType}`, key)
    out[mediaType] = body.schema === undefined ? {} : { schema: schema(body.schema, `${where}/${mediaType}/schema`) }
  }
  return out
}

function pick(value, where, facts) {
  const out = {}
  for (const [key, inner] of Object.entries(value)) {
    if (isProse(key)) continue
    if (!(key in facts)) unknown(where, key)
    out[key] = facts[key](inner, `${where}/${key}`)
  }
  return out
}

const keep = (value) => value
const operation = (value, where) =>
  pick(value, where, {
    parameters: (params, at) =>
      params.map((param, i) => pick(param, `${at}/${i}`, { name: keep, in: keep, required: keep, schema })),
    requestBody: (body, at) => pick(body, at, { required: keep, content }),
    responses: (responses, at) =>
      Object.fromEntries(
        Object.entries(responses).map(([status, r]) => [status, pick(r, `${at}/${status}`, { content })]),
      ),
    security: keep,
  })

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options'])

/** The fact-only contract of an official OpenAPI document (pure: same input, same output). */
export function makeContract(doc) {
  return pick(doc, '#', {
    openapi: keep,
    info: (info) => ({ version: info.version }),
    servers: (servers, at) => servers.map((server, i) => pick(server, `${at}/${i}`, { url: keep })),
    security: keep,
    paths: (paths) =>
      Object.fromEntries(
        Object.entries(paths).map(([path, methods]) => [
          path,
          Object.fromEntries(
            Object.entries(methods)
              .filter(([method]) => !isProse(method))
              .map(([method, op]) => {
                if (!METHODS.has(method)) unknown(`#/paths/${path}`, method)
                return [method, operation(op, `#/paths/${path}/${method}`)]
              }),
          ),
        ]),
      ),
    components: (components, at) =>
      pick(components, at, {
        schemas: (schemas, where) =>
          Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, schema(s, `${where}/${name}`)])),
        securitySchemes: (schemes, where) =>
          Object.fromEntries(
            Object.entries(schemes).map(([name, s]) => [
              name,
              pick(s, `${where}/${name}`, { type: keep, scheme: keep, bearerFormat: keep, in: keep, name: keep }),
            ]),
          ),
      }),
  })
}

export const serialize = (contract) => `${JSON.stringify(contract, null, 2)}\n`

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const source = findOfficialDocument()
  if (!source) {
    console.error(
      "make-cello-contract: Cello's OpenAPI document was not found (set CELLO_OPENAPI or put it at ../shared/cello/openapi-v1.json)",
    )
    process.exit(1)
  }
  const text = serialize(makeContract(JSON.parse(readFileSync(source, 'utf8'))))
  if (process.argv.includes('--check')) {
    const current = existsSync(contractPath) ? readFileSync(contractPath, 'utf8') : ''
    if (current !== text) {
      console.error(
        `make-cello-contract: ${contractPath} differs from ${source}; run node scripts/make-cello-contract.mjs`,
      )
      process.exit(1)
    }
    console.log('make-cello-contract: the contract matches the official document')
  } else {
    mkdirSync(dirname(contractPath), { recursive: true })
    writeFileSync(contractPath, text)
    console.log(`make-cello-contract: wrote ${contractPath} from ${source}`)
  }
}

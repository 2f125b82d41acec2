// The repository's contract (test/contract/cello-v1.json) must be exactly what
// scripts/make-cello-contract.mjs makes of Cello's official document, so a change on Cello's side
// fails CI instead of going unnoticed. Machines without the document skip this.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { contractPath, makeContract, serialize } from '../../scripts/make-cello-contract.mjs'
import { officialPath } from '../support/openapiContract'

const reason =
  "Cello's official OpenAPI document is absent (set CELLO_OPENAPI or put it at ../shared/cello/openapi-v1.json)"

describe.skipIf(!officialPath)(
  `the contract matches Cello's official document${officialPath ? '' : ` (skipped: ${reason})`}`,
  () => {
    it('is what make-cello-contract makes of it today', () => {
      const official = JSON.parse(readFileSync(officialPath!, 'utf8')) as unknown
      const committed = readFileSync(contractPath, 'utf8')
      expect(JSON.parse(committed)).toEqual(makeContract(official))
      expect(committed).toBe(serialize(makeContract(official)))
    })
  },
)

describe('the contract', () => {
  it('holds facts only, no prose from the official document', () => {
    const committed = readFileSync(contractPath, 'utf8')
    for (const word of ['"description"', '"summary"', '"title"', '"example"', '"examples"', '"x-'])
      expect(committed).not.toContain(word)
  })
})

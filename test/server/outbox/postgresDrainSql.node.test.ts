import { describe, expect, it } from 'vitest'
import { pgArray } from '../../../src/server/outbox/postgresDrainSql'
import { suitePglite } from './databases'

describe('pgArray', () => {
  const pglite = suitePglite()

  it('writes literals PostgreSQL reads back as the same values', async () => {
    const db = pglite()
    const texts = ['plain', 'a "quoted" \\ reason, {braces}', '', 'NULL', ' spaced ', 'émoji ✓', null]
    const read = await db.query<{ v: (string | null)[] }>('SELECT $1::text[] AS v', [pgArray(texts)])
    expect(read.rows[0]?.v).toEqual(texts)
    const mixed = await db.query<{ b: boolean[]; i: (number | null)[]; f: number[] }>(
      'SELECT $1::boolean[] AS b, $2::integer[] AS i, $3::float8[] AS f',
      [pgArray([true, false]), pgArray([200, null]), pgArray([0, 1234.5])],
    )
    expect(mixed.rows[0]).toEqual({ b: [true, false], i: [200, null], f: [0, 1234.5] })
    expect(pgArray([])).toBe('{}')
  })
})

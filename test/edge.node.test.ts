// react-cello/edge: what a Server Component and Edge middleware import. Issue 11: from the
// 'use client' entry, REFERRAL_COOKIE arrived as a function and isValidUcc() threw.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import * as edge from '../src/edge'
import * as server from '../src/server'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'react-cello-edge-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The edge entry bundled as Edge middleware would be: platform neutral, ESM, nothing external. */
async function bundleEdge() {
  const result = await build({
    entryPoints: [join(root, 'src/edge.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) }
}

describe('react-cello/edge', () => {
  it('reaches only src/shared and src/edge: no React, no zod, no jose', async () => {
    const { inputs } = await bundleEdge()
    expect(inputs.filter((file) => !/^src\/(shared\/|edge\/|edge\.ts$)/.test(file))).toEqual([])
  })

  it('works when imported from a plain Node ESM module', async () => {
    writeFileSync(join(dir, 'edge.mjs'), (await bundleEdge()).code)
    writeFileSync(
      join(dir, 'main.mjs'),
      `import { REFERRAL_COOKIE, REFERRER_COOKIE, isValidUcc, isCelloError, CelloError, readReferral } from './edge.mjs'
      console.log(JSON.stringify({
        cookie: REFERRAL_COOKIE, referrer: REFERRER_COOKIE,
        valid: isValidUcc('pNRB1aYqArN'), invalid: isValidUcc('<script>'),
        error: isCelloError(new CelloError('invalid_argument', 'x'), 'invalid_argument'),
        referral: readReferral('cello-referral=pNRB1aYqArN'),
      }))`,
    )
    const out = JSON.parse(execFileSync(process.execPath, [join(dir, 'main.mjs')], { encoding: 'utf8' }))
    expect(out).toEqual({
      cookie: 'cello-referral',
      referrer: 'cello-referrer',
      valid: true,
      invalid: false,
      error: true,
      referral: { ucc: 'pNRB1aYqArN', referrerName: null, productId: null },
    })
  })

  it('is re-exported whole by react-cello/server', () => {
    for (const name of Object.keys(edge)) expect(server, name).toHaveProperty(name, edge[name as keyof typeof edge])
    expect(Object.keys(edge).sort()).toEqual(
      [
        'CelloError',
        'REFERRAL_COOKIE',
        'REFERRER_COOKIE',
        'addReferralToInstallLink',
        'addReferralToUrl',
        'captureReferral',
        'captureReferralForNext',
        'isCelloError',
        'isValidUcc',
        'readReferral',
        'readReferralState',
        'referralProxy',
        'resolveSignupUcc',
        'withReferralState',
      ].sort(),
    )
  })
})

// react-cello/devtools in a production build: the entry bundled as an app's bundler takes it
// (esbuild, process.env.NODE_ENV replaced by "production"), then rendered: nothing in the DOM, and
// none of the panel's code in the bundle. Node, not jsdom: esbuild needs Node's TextEncoder; the
// render is React's server renderer, whose markup is what a page would get.
import { build } from 'esbuild'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createElement, type ComponentType } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CelloProvider } from '../src'
import { CelloDevtools as TestBuildDevtools } from '../src/devtools'

async function bundle(nodeEnv: string): Promise<string> {
  const result = await build({
    entryPoints: ['src/devtools.ts'],
    bundle: true,
    format: 'esm',
    write: false,
    external: ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'],
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

describe('react-cello/devtools in a production build', () => {
  it('renders nothing, and the bundle carries none of the panel', async () => {
    const code = await bundle('production')
    expect(code).not.toContain('attachShadow')
    expect(code).not.toContain('Cello devtools')
    // In the repository, so that its `react` import resolves to the test's React.
    const dir = join('node_modules', '.cache', 'react-cello')
    mkdirSync(dir, { recursive: true })
    const file = join(process.cwd(), dir, `devtools.production.${process.pid}.mjs`)
    writeFileSync(file, code)
    const { CelloDevtools } = (await import(/* @vite-ignore */ file)) as { CelloDevtools: ComponentType }
    expect(
      renderToStaticMarkup(createElement(CelloProvider, { consent: 'pending' }, createElement(CelloDevtools))),
    ).toBe('')
  })

  it('carries the panel in a development build (so the measure above is not vacuous)', async () => {
    expect(await bundle('development')).toContain('attachShadow')
  })

  it('renders nothing under test either: only development builds show the panel', () => {
    expect(process.env.NODE_ENV).toBe('test')
    expect(renderToStaticMarkup(createElement(TestBuildDevtools))).toBe('')
  })
})

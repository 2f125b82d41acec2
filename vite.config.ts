import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import pkg from './package.json' with { type: 'json' }
import { fakeScriptServer } from './test/support/fakeScriptServer.ts'
import { chromiumLaunchOptions } from './scripts/chromiumLaunchOptions.mjs'

// Peers and runtime dependencies stay external; the regex covers subpaths such as react/jsx-runtime.
const external = [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies)].map(
  (name) => new RegExp(`^${name}(/|$)`),
)

/**
 * `REACT_18=1` runs the tests against React 18 (the package supports ^18 || ^19) without copying
 * anything: Vite resolves `react` and `react-dom` (and their subpaths) to the `react-18` and
 * `react-dom-18` npm aliases, and test/react18/register.mjs does the same for code Node loads
 * itself in the workers.
 */
const react18 = process.env.REACT_18 === '1'
const react18Alias = react18 ? [{ find: /^(react|react-dom)(?=\/|$)/, replacement: '$1-18' }] : []

/** Vitest browser mode in Debian's Chromium; each project names its instance. */
const browser = (name: string) => ({
  enabled: true,
  headless: true,
  provider: playwright({ launchOptions: chromiumLaunchOptions }),
  instances: [{ browser: 'chromium' as const, name: `${name} (chromium)` }],
  screenshotFailures: false,
})

export default defineConfig({
  plugins: [react()],
  resolve: { alias: react18Alias },
  // Its own pre-bundled dependencies, so the two passes do not re-optimise each other's every run.
  cacheDir: react18 ? 'node_modules/.vite-react18' : 'node_modules/.vite',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: 'src/index.ts',
        core: 'src/core.ts',
        server: 'src/server.ts',
        edge: 'src/edge.ts',
        testing: 'src/testing.ts',
        referral: 'src/referral.ts',
        cli: 'src/cli.ts',
        devtools: 'src/devtools.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [...external, /^node:/],
      // One file per module, beside its .d.ts: with package.json's sideEffects, a bundler then
      // drops every module an app does not use (an Edge middleware that imports only
      // captureReferral from react-cello/server gets no zod and no jose).
      output: { preserveModules: true, preserveModulesRoot: 'src' },
      // Rolldown keeps src/index.ts's 'use client' directive; scripts/check-build.mjs checks it.
    },
  },
  test: {
    restoreMocks: true,
    env: { REACT_18: react18 ? '1' : '' },
    execArgv: react18 ? ['--import', './test/react18/register.mjs'] : [],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/**/*.unit.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // The soak (createCelloOutbox.soak.stress.test.ts) runs in the stress project only (npm run
          // test:stress, in CI): at any size it is the longest file, and the outbox's own tests cover
          // each rule it exercises. A `.stress.node.test.ts` runs here small, and there at full size.
          include: ['test/**/*.node.test.{ts,tsx}'],
          globalSetup: ['test/support/reportServices.ts'],
          // These files mostly wait on sockets, databases and timers, not on the CPU: three at a
          // time on two cores take about half the wall time of Vitest's default (cores - 1 = one).
          // Vitest runs projects with different maxWorkers in separate groups: this one after the
          // others (groupOrder 1), so the browser projects never share the cores with it either.
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
          // A ceiling, not a measure: databases and real HTTP on two busy cores (CI runs every
          // project at once, then the React 18 copy) can take far longer than vitest's 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        // npm run test:stress: the stress suites at full size (npm test runs them small, in node):
        // the outbox soak, three BFF instances on one database, the handler fuzz.
        extends: true,
        test: {
          name: 'stress',
          environment: 'node',
          include: ['test/**/*.stress.test.ts', 'test/**/*.stress.node.test.ts'],
          globalSetup: ['test/support/reportServices.ts'],
          env: { CELLO_STRESS: '1' },
        },
      },
      {
        extends: true,
        plugins: [fakeScriptServer()],
        publicDir: 'test/public', // MSW's service worker
        // Pre-bundle every React entry up front: a re-optimisation mid-run would load two Reacts.
        optimizeDeps: {
          include: [
            'react',
            'react/jsx-runtime',
            'react/jsx-dev-runtime',
            'react-dom',
            'react-dom/client',
            'react-dom/server',
            '@tanstack/react-query',
            '@testing-library/react',
          ],
        },
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.{ts,tsx}'],
          setupFiles: ['test/support/browserSetup.ts'],
          browser: browser('browser'),
        },
      },
      {
        // Type tests (test/**/*.test-d.ts): tsc checks them through Vitest's typecheck; nothing runs.
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['test/**/*.test-d.{ts,tsx}'], tsconfig: 'tsconfig.json' },
        },
      },
      {
        // The demo, started by the test, driven in Debian's Chromium by playwright-core.
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // examples/demo/server.mjs turns Vite's HMR off under CI: a demo under test needs none, and its
          // WebSocket server (port 24678) would clash with a restarted demo or a running npm start.
          env: { CI: '1' },
        },
      },
      {
        // Every story is also a test (its play function and an accessibility check) in Chromium.
        extends: true,
        plugins: [storybookTest({ configDir: '.storybook' })],
        publicDir: 'test/public',
        test: { name: 'storybook', browser: browser('storybook') },
      },
    ],
  },
})

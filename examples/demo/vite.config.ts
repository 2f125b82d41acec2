import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url))

/** The demo app imports 'react-cello' like a user would; here it resolves to the source. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^react-cello\/styles\.css$/, replacement: src('styles.css') },
      { find: /^react-cello$/, replacement: src('index.ts') },
      { find: /^react-cello\/referral$/, replacement: src('referral.ts') },
      { find: /^react-cello\/devtools$/, replacement: src('devtools.ts') },
    ],
  },
  server: { host: '127.0.0.1' },
  logLevel: 'warn',
})

// Loaded into the test workers when REACT_18=1 (vite.config.ts): bare `react` and `react-dom`
// (and their subpaths) resolve to the `react-18` and `react-dom-18` npm aliases installed by
// `npm ci`, for code Node loads itself: CommonJS require (react-dom-18 requiring react) and ESM
// imports from dependencies Vitest does not transform (@tanstack/react-query, testing-library).
// Code Vite transforms gets the same switch from resolve.alias.
import Module, { register } from 'node:module'
import { to18 } from './to18.mjs'

const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, to18(request), ...rest)
}
register('./hooks.mjs', import.meta.url)

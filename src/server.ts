// react-cello/server: everything that needs Cello's secret keys. Never imports React, never runs
// in a browser. Secrets enter through createCelloClient's options and never leave this side.
export { CelloError, isCelloError } from './CelloError'

// React's APIs that the provider and useUcc use, re-exported from one module: esbuild (and the
// tools built on it) keeps one `import … from "react"` statement per file that imports react, so
// routing these imports through here makes such a bundle import react once (bench/size.mjs
// bundles with esbuild). Rollup merges the imports of an external itself; there this changes
// nothing. Hooks that only other files use are imported from 'react' directly, so that the core's
// import does not list them.
export { createContext, createElement, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react'

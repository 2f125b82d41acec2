// Page-wide state: what react-cello keeps for the lifetime of the page, outside any component (the
// referral captured from the URL, the scripts loading, the Referral Component's session, banners
// dismissed in memory, the default BFF client, the private QueryClient). Each module that keeps
// some declares it at its top and registers, right below, the reset that puts it back as a new
// page load would; `resetCello` (react-cello/testing) runs them all through `resetPageState`.
// test/runtime/pageState.unit.test.ts fails when a module-level variable of the browser code is
// not named in its module's reset (or in the test's short list of what a reset must keep).

// Every registered reset, in the order the modules were loaded. The one module-level variable of
// the browser code that no reset empties: it is the registry itself.
const resets: Array<() => void> = []

/**
 * Registers the reset of a module's page-wide state: call it once, at the top of the module,
 * right after the variables it resets.
 */
export function onPageReset(reset: () => void): void {
  resets.push(reset)
}

/** Puts all page-wide state back as a new page load would. For `resetCello` only. */
export function resetPageState(): void {
  resets.forEach((reset) => reset())
}

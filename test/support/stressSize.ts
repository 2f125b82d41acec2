/**
 * `npm run test:stress` sets CELLO_STRESS=1: the stress suites (the outbox soak, the handler fuzz)
 * run at full size there, and at a quick size in `npm test`, which still catches a plain break.
 */
export const stress = process.env.CELLO_STRESS === '1'

/** `quick` in `npm test`, `full` in `npm run test:stress`. */
export const stressSize = (quick: number, full: number) => (stress ? full : quick)

import type { Config } from '@react-router/dev/config'

// Server rendering on: the banner with the referrer's name is in the first HTML.
export default { ssr: true } satisfies Config

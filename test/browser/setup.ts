import { configure } from '@testing-library/react'

// Two cores run every project at once: give waitFor room (a wait still ends as soon as it passes).
configure({ asyncUtilTimeout: 5000 })

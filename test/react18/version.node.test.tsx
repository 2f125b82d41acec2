// Runs only in the React 18 pass (REACT_18=1): proves the switch really loads React 18 everywhere.
import { version } from 'react'
import { version as domVersion } from 'react-dom'
import { renderToString } from 'react-dom/server'
import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { createTestQueryClient } from '../support/createTestQueryClient'
import { describe, expect, it } from 'vitest'

function Probe() {
  const { data } = useQuery({ queryKey: ['v'], queryFn: () => 'x', initialData: 'hooks work' })
  return <p>{data}</p>
}

describe.runIf(process.env.REACT_18 === '1')('the React 18 pass', () => {
  it('loads React 18 and React DOM 18, and React Query uses the same React', () => {
    expect(version).toMatch(/^18\./)
    expect(domVersion).toMatch(/^18\./)
    const html = renderToString(
      <QueryClientProvider client={createTestQueryClient()}>
        <Probe />
      </QueryClientProvider>,
    )
    expect(html).toContain('hooks work')
  })
})

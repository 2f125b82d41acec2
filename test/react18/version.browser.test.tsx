/// <reference types="vite/client" />
// Runs only in the React 18 pass (REACT_18=1): proves the browser bundle really holds React 18.
import { version } from 'react'
import { version as domVersion } from 'react-dom'
import { render, screen } from '@testing-library/react'
import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import { createTestQueryClient } from '../support/createTestQueryClient'
import { describe, expect, it } from 'vitest'

function Probe() {
  const { data } = useQuery({ queryKey: ['v'], queryFn: () => 'x', initialData: 'hooks work' })
  return <p>{data}</p>
}

describe.runIf(import.meta.env.REACT_18 === '1')('the React 18 pass', () => {
  it('renders with React 18 and React DOM 18, and React Query uses the same React', async () => {
    expect(version).toMatch(/^18\./)
    expect(domVersion).toMatch(/^18\./)
    render(
      <QueryClientProvider client={createTestQueryClient()}>
        <Probe />
      </QueryClientProvider>,
    )
    expect(await screen.findByText('hooks work')).toBeTruthy()
  })
})

import { describe, expect, it } from 'vitest'
import { createSignupOnce } from '../../../src/server/createSignupOnce'

describe('createSignupOnce', () => {
  it('forgets a report after ttlMs, and the oldest one past max', async () => {
    let clock = 0
    const sent: string[] = []
    const once = createSignupOnce({ ttlMs: 1000, max: 2, now: () => clock })
    const send = (key: string) => once(key, async () => void sent.push(key))
    expect(await send('a')).toBe('sent')
    expect(await send('a')).toBe('duplicate')
    clock = 1000
    expect(await send('a')).toBe('sent') // remembered for ttlMs only
    expect([await send('b'), await send('c')]).toEqual(['sent', 'sent']) // 'a' is now the oldest of three: forgotten
    expect(await send('a')).toBe('sent')
    expect(await send('c')).toBe('duplicate')
    expect(sent).toEqual(['a', 'a', 'b', 'c', 'a'])
  })

  it('shares a failure with the reports that waited for it, and remembers nothing', async () => {
    const once = createSignupOnce()
    let calls = 0
    const failing = () => once('u', async () => {
      calls++
      await new Promise((r) => setTimeout(r, 20))
      throw new Error('Cello is down')
    })
    const results = await Promise.allSettled([failing(), failing()])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(calls).toBe(1)
    expect(await once('u', async () => {})).toBe('sent')
  })
})

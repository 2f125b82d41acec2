import { useMutation, useQueryClient } from '@tanstack/react-query'
import { CelloUccInput, useUcc } from 'react-cello'
import { demoApi } from './api'
import { navigate } from './router'

export function Signup() {
  const { ucc } = useUcc()
  const queryClient = useQueryClient()
  const signup = useMutation({
    mutationFn: demoApi.signup,
    onSuccess: (session) => {
      queryClient.setQueryData(['demo', 'session'], session)
      void queryClient.invalidateQueries({ queryKey: ['demo', 'events'] })
      navigate('/app')
    },
  })
  return (
    <main className="demo__main">
      <h1>Create your Moonly account</h1>
      {ucc && <p className="demo__note">Your friend's referral code {ucc} will be applied.</p>}
      <form
        aria-label="Sign up"
        className="demo__form"
        onSubmit={(event) => {
          event.preventDefault()
          const form = new FormData(event.currentTarget)
          signup.mutate({
            email: String(form.get('email')),
            name: String(form.get('name')),
            organization: String(form.get('organization') ?? '') || undefined,
            ucc: (form.get('ucc') as string) || null,
          })
        }}
      >
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" required autoComplete="email" />
        <label htmlFor="name">Name</label>
        <input id="name" name="name" required autoComplete="name" />
        <label htmlFor="organization">Company (optional: the company gets the referral)</label>
        <input id="organization" name="organization" autoComplete="organization" />
        <CelloUccInput />
        <button type="submit" className="demo__button" disabled={signup.isPending}>
          Create account
        </button>
        {signup.isError && <p role="alert">{signup.error.message}</p>}
      </form>
    </main>
  )
}

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { demoApi } from './api'
import { navigate } from './router'

/** Sign in again after signing out: by email, to an account created in this demo. */
export function SignIn() {
  const queryClient = useQueryClient()
  const login = useMutation({
    mutationFn: demoApi.login,
    onSuccess: (session) => {
      queryClient.setQueryData(['demo', 'session'], session)
      navigate('/app')
    },
  })
  return (
    <main className="demo__main">
      <h1>Sign in to Moonly</h1>
      <form
        aria-label="Sign in"
        className="demo__form"
        onSubmit={(event) => {
          event.preventDefault()
          login.mutate(String(new FormData(event.currentTarget).get('email')))
        }}
      >
        <label htmlFor="signin-email">Email</label>
        <input id="signin-email" name="email" type="email" required autoComplete="email" />
        <p className="demo__muted">The demo has no passwords: any account created here signs in by email.</p>
        <button type="submit" className="demo__button" disabled={login.isPending}>
          Sign in
        </button>
        {login.isError && <p role="alert">{login.error.message}</p>}
      </form>
    </main>
  )
}

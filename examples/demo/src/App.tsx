import { useQuery } from '@tanstack/react-query'
import { demoApi } from './api'
import { EventsPanel } from './EventsPanel'
import { Landing } from './Landing'
import { navigate, usePathname } from './router'
import { SignIn } from './SignIn'
import { Signup } from './Signup'
import { Workspace } from './Workspace'

/** The demo: a landing page, a signup form, and the signed-in workspace, over one local server. */
export function App() {
  const path = usePathname()
  const session = useQuery({
    queryKey: ['demo', 'session'],
    queryFn: demoApi.session,
    // Follow the signup event until the outbox has settled it.
    refetchInterval: (query) => {
      const state = query.state.data?.referral?.state
      return state && state !== 'delivered' && state !== 'dead' ? 1000 : false
    },
  })
  const user = session.data?.user ?? null
  return (
    <div className="demo">
      <header className="demo__header">
        <a
          href="/"
          className="demo__logo"
          onClick={(e) => {
            e.preventDefault()
            navigate('/')
          }}
        >
          Moonly
        </a>
        <nav aria-label="Main" className="demo__nav">
          {user ? (
            <a
              href="/app"
              className="demo__account"
              title={`Signed in as ${user.email}`}
              onClick={(e) => {
                e.preventDefault()
                navigate('/app')
              }}
            >
              {/* One line at any width: on a phone the words go to screen readers only, and a long
                  email ends in an ellipsis (the whole of it in the title). */}
              <span className="demo__signed-in-as">Signed in as </span>
              <span className="demo__email">{user.email}</span>
            </a>
          ) : (
            <>
              <a
                href="/signin"
                onClick={(e) => {
                  e.preventDefault()
                  navigate('/signin')
                }}
              >
                Sign in
              </a>
              <a
                href="/signup"
                onClick={(e) => {
                  e.preventDefault()
                  navigate('/signup')
                }}
              >
                Sign up
              </a>
            </>
          )}
        </nav>
      </header>
      <div className="demo__body">
        {path === '/signup' ? (
          <Signup />
        ) : path === '/signin' ? (
          <SignIn />
        ) : path === '/app' ? (
          <Workspace session={session.data} />
        ) : (
          // The new-user offer is for visitors: a signed-in user is past signup.
          <Landing signedIn={user !== null} />
        )}
        <EventsPanel />
      </div>
    </div>
  )
}

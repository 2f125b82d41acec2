// The BFF: the routes CelloProvider's hooks call (active link, code validation, signup report),
// for the signed-in user only, on one catch-all resource route (no component: loader for GET,
// action for POST). https://docs.cello.so/api-reference/introduction
import { createCelloHandler } from 'react-cello/server'
import { cello, outbox } from '../cello.server'
import { sessionUser } from '../users.server'
import type { Route } from './+types/api.cello.$'

const handler = createCelloHandler({
  client: cello,
  outbox,
  // The only source of the user id: the session, never the query or body.
  getUser: (request) => {
    const user = sessionUser(request)
    return user ? { productUserId: user.id, email: user.email, name: user.name, createdAt: user.createdAt } : null
  },
})

export const loader = ({ request }: Route.LoaderArgs) => handler(request)
export const action = ({ request }: Route.ActionArgs) => handler(request)

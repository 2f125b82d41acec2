// The BFF: the routes CelloProvider's hooks call (active link, code validation, signup report),
// for the signed-in user only, on one catch-all server route.
// https://docs.cello.so/api-reference/introduction
import { createServerFileRoute } from '@tanstack/react-start/server'
import { createCelloHandler } from 'react-cello/server'
import { cello, outbox } from '../server/cello'
import { sessionUser } from '../server/users'

const handler = createCelloHandler({
  client: cello,
  outbox,
  // The only source of the user id: the session, never the query or body.
  getUser: (request) => {
    const user = sessionUser(request)
    return user ? { productUserId: user.id, email: user.email, name: user.name, createdAt: user.createdAt } : null
  },
})

export const ServerRoute = createServerFileRoute('/api/cello/$').methods({
  GET: ({ request }) => handler(request),
  POST: ({ request }) => handler(request),
})

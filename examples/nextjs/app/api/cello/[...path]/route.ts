// The BFF: the routes CelloProvider's hooks call (active link, code validation, signup report),
// for the signed-in user only. https://docs.cello.so/api-reference/introduction
import { createCelloHandler } from 'react-cello/server'
import { cello, outbox } from '@/lib/cello'
import { sessionUser } from '@/lib/users'

const handler = createCelloHandler({
  client: cello,
  outbox,
  // The only source of the user id: the session, never the query or body. `email` and
  // `createdAt` are needed for POST /api/cello/signups.
  getUser: (request) => {
    const user = sessionUser(request.headers.get('cookie'))
    return user ? { productUserId: user.id, email: user.email, name: user.name, createdAt: user.createdAt } : null
  },
})

export { handler as GET, handler as POST }

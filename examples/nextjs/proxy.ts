// Next 16's proxy (middleware.ts in Next 15): keeps the referral from ?ucc=…&celloN=… in
// server-set cookies for 3 months (Safari caps script-set ones at 7 days) and hands it to this
// same request, so the layout's cookies() sees it on the first visit and the banner is in the
// server HTML. https://docs.cello.so/attribution/for-web
import { NextResponse, type NextRequest } from 'next/server'
import { referralProxy } from 'react-cello/edge'

export function proxy(request: NextRequest) {
  return referralProxy(request, NextResponse)
}

export const config = {
  // Pages only: not the BFF, not Next's assets.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
}

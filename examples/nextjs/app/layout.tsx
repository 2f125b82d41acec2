import type { ReactNode } from 'react'
import Link from 'next/link'
import { cookies } from 'next/headers'
import { readReferral } from 'react-cello/server'
import 'react-cello/styles.css'
import './globals.css'
import { CelloClientProvider } from './CelloClientProvider'
import { ReferralBanner } from './ReferralBanner'

export const metadata = { title: 'Moonly: react-cello in Next.js' }

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The referral proxy.ts captured, on the first visit too: server HTML and hydration agree.
  const initialReferral = readReferral((await cookies()).toString())
  return (
    <html lang="en">
      <body>
        {/* CELLO_SCRIPT_SRC is read at request time (a NEXT_PUBLIC_ variable would be fixed at build). */}
        <CelloClientProvider initialReferral={initialReferral} scriptSrc={process.env.CELLO_SCRIPT_SRC || undefined}>
          <ReferralBanner />
          <nav>
            <Link href="/">Moonly</Link> <Link href="/pricing">Pricing</Link> <Link href="/signup">Sign up</Link>{' '}
            <Link href="/account">Account</Link>
          </nav>
          <main>{children}</main>
        </CelloClientProvider>
      </body>
    </html>
  )
}

import { useMutation, type UseMutationResult } from '@tanstack/react-query'
import { useCelloBff } from './useCelloBff'
import type { CelloError } from './shared/CelloError'
import type { SignupReport } from './createFetchBff'
import { useUcc } from './useUcc'

/** What {@link useReportSignup}'s `mutate` takes: the code, when not the captured one. */
export interface ReportSignupInput {
  ucc?: string | null
}

/**
 * Reports the signup to Cello through the BFF (`POST /signups`), after your app created the
 * account and signed the user in. Sends the captured code unless one is given; the server also
 * falls back to the `cello-referral` cookie. Without any code nothing is reported (`reported:
 * false`), which is not an error.
 *
 * @example
 * const report = useReportSignup()
 * await createAccount(form); await report.mutateAsync()
 */
export function useReportSignup(): UseMutationResult<SignupReport, CelloError, ReportSignupInput | void> {
  const { bff, client } = useCelloBff('useReportSignup()')
  const { ucc } = useUcc()
  return useMutation<SignupReport, CelloError, ReportSignupInput | void>(
    { mutationFn: (input) => bff.reportSignup({ ucc: input?.ucc ?? ucc }) },
    client,
  )
}

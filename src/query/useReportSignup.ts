import { useMutation, type UseMutationResult } from '@tanstack/react-query'
import { useCelloBff } from './useCelloBff'
import type { CelloError } from '../shared/CelloError'
import type { SignupReport } from '../runtime/createFetchBff'
import { useUcc } from '../core/useUcc'

/** What {@link useReportSignup}'s `mutate` takes: the code, when not the captured one. */
export interface ReportSignupInput {
  ucc?: string | null
}

/**
 * Reports the signup to Cello through the BFF (`POST /signups`), after your app created the
 * account and signed the user in. Sends the captured code unless one is given; the server also
 * falls back to the `cello-referral` cookie. Without any code nothing is reported (`reported:
 * false`), which is not an error; nor is a code Cello does not know (`reason: 'invalid_code'`) or
 * the user's own code (`reason: 'self_referral'`): show those to the user (see `SignupSkipReason`).
 * A request lost to the network (`network`) is sent again, twice (after 1 s, then 2 s): the BFF
 * reports a user's signup once, however often it is asked.
 *
 * @example
 * const report = useReportSignup()
 * await createAccount(form); await report.mutateAsync()
 */
export function useReportSignup(): UseMutationResult<SignupReport, CelloError, ReportSignupInput | void> {
  const { bff, client } = useCelloBff('useReportSignup()')
  // Only the code: the report does not re-render on the script's status.
  const ucc = useUcc((state) => state.ucc)
  return useMutation<SignupReport, CelloError, ReportSignupInput | void>(
    {
      mutationFn: (input) => bff.reportSignup({ ucc: input?.ucc ?? ucc }),
      retry: (failures, error) => failures < 2 && error.code === 'network',
    },
    client,
  )
}

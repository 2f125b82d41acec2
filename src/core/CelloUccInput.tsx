import { createElement, type ComponentPropsWithoutRef } from 'react'
import { useUcc } from './useUcc'

/** Props of {@link CelloUccInput}: any `<input>` prop but `type` and `value`. */
export type CelloUccInputProps = Omit<ComponentPropsWithoutRef<'input'>, 'type' | 'value' | 'defaultValue'>

/**
 * A hidden form field holding the visitor's referral code (empty when there is none), updated when
 * the code arrives. Put it inside your signup `<form>`; your server reads `ucc` from the body.
 *
 * @example
 * <form method="post" action="/signup"><CelloUccInput />…</form>
 */
export function CelloUccInput({ name = 'ucc', ...rest }: CelloUccInputProps) {
  const { ucc } = useUcc()
  // createElement rather than JSX, as in CelloProvider: one import of react in the bundle, not react/jsx-runtime too.
  return createElement('input', { ...rest, type: 'hidden', name, value: ucc ?? '' })
}

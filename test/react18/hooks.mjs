// ESM resolve hook for register.mjs: bare react / react-dom specifiers go to the React 18 aliases.
import { to18 } from './to18.mjs'

export const resolve = (specifier, context, next) => next(to18(specifier), context)

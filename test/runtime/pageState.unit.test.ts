// Page-wide state in one place: every module-level variable of the browser code that can change is
// named in its module's `onPageReset` callback (src/runtime/pageState.ts), so that `resetCello`
// forgets it, or is listed below with the reason a reset keeps it. A new `let`, `Set`, `Map`, array
// or object at the top of a module fails this test until it is given its reset.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = process.cwd()
/** The folders whose modules run in the browser, for the page's whole life. */
const FOLDERS = ['src/shared', 'src/runtime', 'src/core', 'src/query', 'src/referral']

/** Kept by a reset, on purpose: `file: name` and why. */
const KEPT: Record<string, string> = {
  'src/runtime/pageState.ts: resets': 'the registry of resets itself',
  'src/runtime/createCelloStore.ts: navigation': "the mounted providers' navigation listeners",
  'src/runtime/createCelloStore.ts: startedStores':
    'the mounted providers, for react-cello/devtools (development only): each removes itself when it stops',
  'src/runtime/createCelloStore.ts: patched':
    'history stays patched (the patch calls the original first; nothing could undo it safely)',
  'src/runtime/referral/referralController.ts: sessions': 'session ids must never repeat in a page',
  'src/core/useCampaign.ts: requests':
    "keyed by a store's caller (one per script load): a reset drops the script, and the next start makes a new caller",
  'src/core/useCampaign.ts: answers': 'the same, the answers of those requests',
}

/** Module-level values that look mutable but are never changed: `file: name` and what they are. */
const CONSTANT: Record<string, string> = {
  'src/runtime/createFetchBff.ts: STATUS_CODES': 'a lookup table',
  'src/runtime/referral/referralController.ts: IDLE': 'the idle snapshot, replaced and never mutated',
  'src/runtime/referral/referralController.ts: referralController': 'an object of methods',
  'src/core/useDismissed.ts: localDismissStorage': 'an object of methods',
  'src/core/NewUserBanner.tsx: DEFAULT_MESSAGES': 'default texts, copied before use',
  'src/query/ReferralLink.tsx: DEFAULT_MESSAGES': 'default texts, copied before use',
  'src/query/celloQueries.ts: celloKeys': 'an object of key builders',
  'src/referral/useCelloReferral.ts: actions': 'an object of methods',
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/**
 * An initializer that makes a value one can change in place: `new …` (but a `RegExp`, stateless
 * without the `g` and `y` flags react-cello's patterns never use), `[…]` or `{…}` (not `as const`).
 */
function isMutableValue(node: ts.Expression | undefined): boolean {
  if (!node) return false
  if (ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) return isMutableValue(node.expression)
  if (ts.isNewExpression(node)) return !(ts.isIdentifier(node.expression) && node.expression.text === 'RegExp')
  return ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)
}

/** The names a module declares at its top level that can change: every `let`, and mutable `const`s. */
function mutableTopLevelNames(file: ts.SourceFile): string[] {
  return file.statements.flatMap((statement) => {
    if (!ts.isVariableStatement(statement)) return []
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0
    return statement.declarationList.declarations.flatMap((declaration) =>
      ts.isIdentifier(declaration.name) && (!isConst || isMutableValue(declaration.initializer))
        ? [declaration.name.text]
        : [],
    )
  })
}

/** The identifiers used inside the callbacks the module hands to `onPageReset(…)`. */
function namesInResets(file: ts.SourceFile): Set<string> {
  const names = new Set<string>()
  const collect = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text)
    ts.forEachChild(node, collect)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'onPageReset') {
      node.arguments.forEach(collect)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return names
}

/** Every module-level variable that can change and no reset names: `file: name`. */
function escapingState(): string[] {
  return FOLDERS.flatMap(sourceFiles).flatMap((path) => {
    const file = ts.createSourceFile(path, readFileSync(join(root, path), 'utf8'), ts.ScriptTarget.Latest, true)
    const reset = namesInResets(file)
    return mutableTopLevelNames(file)
      .map((name) => `${relative(root, join(root, path))}: ${name}`)
      .filter((key) => !(key in KEPT) && !(key in CONSTANT) && !reset.has(key.split(': ')[1] ?? ''))
  })
}

describe('page-wide state', () => {
  it('every module-level variable of the browser code that can change has its reset', () => {
    expect(escapingState()).toEqual([])
  })

  it('the lists above name only what exists (no stale exception)', () => {
    const all = new Set(
      FOLDERS.flatMap(sourceFiles).flatMap((path) =>
        mutableTopLevelNames(
          ts.createSourceFile(path, readFileSync(join(root, path), 'utf8'), ts.ScriptTarget.Latest, true),
        ).map((name) => `${path}: ${name}`),
      ),
    )
    expect([...Object.keys(KEPT), ...Object.keys(CONSTANT)].filter((key) => !all.has(key))).toEqual([])
  })

  it('finds a new module-level Set without a reset', () => {
    const file = ts.createSourceFile(
      'x.ts',
      "import { onPageReset } from './pageState'\nconst seen = new Set<string>()\nlet count = 0\nonPageReset(() => {\n  count = 0\n})\n",
      ts.ScriptTarget.Latest,
      true,
    )
    const reset = namesInResets(file)
    expect(mutableTopLevelNames(file).filter((name) => !reset.has(name))).toEqual(['seen'])
  })
})

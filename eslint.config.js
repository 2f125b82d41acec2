import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** React (react, react-dom and their subpaths); type-only imports are fine everywhere. */
const REACT = { regex: '^(react|react-dom)(/|$)', allowTypeImports: true }
/** React Query; type-only imports are fine everywhere. */
const REACT_QUERY = { regex: '^@tanstack/react-query$', allowTypeImports: true }

/** The layers of src/, one folder each. */
const LAYERS = ['shared', 'runtime', 'core', 'query', 'referral', 'devtools', 'edge', 'server', 'testing', 'cli']
/** The entries at the top of src/ (the package's doors): no layer imports one. */
const ENTRIES = ['index', 'core', 'referral', 'devtools', 'edge', 'server', 'testing', 'cli']

/**
 * The wall of one folder of src/, or of one entry file: its files import only from their own
 * folder and the folders in `may`, and never the packages in `packages`. Type-only imports count:
 * a type across a wall is an edge across it too. Specifiers are relative, so the layer an import
 * reaches is the first folder it climbs into: `../query/x` from `src/core/` is `query`.
 */
function wall(files, { own, may, packages = [], message }) {
  const barred = LAYERS.filter((name) => name !== own && !may.includes(name))
  const paths =
    own === undefined
      ? // An entry at the top of src/: `./core` is the core entry or folder, both of one layer.
        [{ regex: `^\\./(${[...barred, 'index'].join('|')})(/|\\.tsx?$|$)`, message }]
      : [
          { regex: `^(\\.\\./)+(${barred.join('|')})/`, message },
          {
            regex: `^(\\.\\./)+(${ENTRIES.join('|')})(\\.tsx?)?$`,
            message: 'A module imports the module it needs, never an entry at the top of src/.',
          },
        ]
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...packages.map((pattern) => ({ ...pattern, message })), ...paths],
        },
      ],
    },
  }
}

export default tseslint.config(
  {
    ignores: [
      'dist',
      'storybook-static',
      'coverage',
      'node_modules',
      '.cache',
      'examples/demo/dist',
      'test/public',
      'examples/*/.next',
      'examples/*/node_modules',
      'examples/*/next-env.d.ts',
      // Build outputs of the examples, when built in place (npm run test:examples builds them in a temporary directory).
      'examples/*/build',
      'examples/*/dist',
      'examples/*/.react-router',
      'examples/*/.output',
      'examples/*/.tanstack',
      'examples/*/src/routeTree.gen.ts',
      'docs/api-reference',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // The React Hooks plugin's whole recommended preset (rules of hooks, refs, purity, effects…),
  // with exhaustive-deps raised from a warning to an error.
  reactHooks.configs.flat.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // One dialect: `===` everywhere (CONTRIBUTING.md, "Dialect").
      eqeqeq: ['error', 'always'],
    },
  },
  // Type-checked rules, chosen: a promise nobody awaits or catches, or one handed where a void
  // callback is expected (an async onClick), loses its rejection. The type information comes from
  // tsconfig.json through the project service.
  {
    files: ['src/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}', 'stories/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // In the package itself, a `!` or an `as` hides a state the code should handle (tests may use
  // them). `as const` is fine; the few justified casts carry an eslint-disable comment saying why.
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
    },
  },
  // The walls, one per folder of src/ (CONTRIBUTING.md, "The tree"). Data flows one way:
  // shared -> runtime -> core -> query and referral; the server side is shared -> edge -> server,
  // and the testing side is built from Cello's documented contract, reaching runtime/ only so that
  // resetCello can empty the page's state.
  wall(['src/shared/**'], {
    own: 'shared',
    may: [],
    packages: [REACT, REACT_QUERY],
    message: 'src/shared is the leaf both sides import: it imports only from src/shared, never React.',
  }),
  wall(['src/runtime/**'], {
    own: 'runtime',
    may: ['shared'],
    packages: [REACT, REACT_QUERY],
    message: 'src/runtime is React-free browser state: it imports only src/runtime and src/shared.',
  }),
  wall(['src/core/**'], {
    own: 'core',
    may: ['shared', 'runtime'],
    packages: [REACT_QUERY],
    message:
      'src/core (react-cello/core) never needs React Query: it imports only src/core, src/runtime and src/shared.',
  }),
  wall(['src/query/**'], {
    own: 'query',
    may: ['shared', 'runtime', 'core'],
    message: 'src/query (the React Query hooks) imports only src/query, src/core, src/runtime and src/shared.',
  }),
  wall(['src/referral/**'], {
    own: 'referral',
    may: ['shared', 'runtime', 'core'],
    packages: [REACT_QUERY],
    message:
      'src/referral (react-cello/referral) imports only src/referral, src/core, src/runtime and src/shared, never React Query.',
  }),
  wall(['src/devtools/**'], {
    own: 'devtools',
    may: ['shared', 'runtime', 'core'],
    packages: [REACT_QUERY],
    message:
      'src/devtools (react-cello/devtools) imports only src/devtools, src/core, src/runtime and src/shared, never React Query: it asks the BFF with plain fetch.',
  }),
  wall(['src/edge/**'], {
    own: 'edge',
    may: ['shared'],
    packages: [{ regex: '^(?!\\.)' }],
    message: 'src/edge runs in Edge middleware: it imports only src/edge and src/shared, and no package at all.',
  }),
  wall(['src/server/**'], {
    own: 'server',
    may: ['shared', 'edge'],
    packages: [REACT, REACT_QUERY],
    message: 'The server side imports only src/server, src/edge and src/shared, never client or testing code.',
  }),
  wall(['src/testing/**'], {
    own: 'testing',
    may: ['shared', 'runtime'],
    packages: [REACT, REACT_QUERY],
    message:
      'The testing side imports only src/testing, src/shared and (for resetCello) src/runtime, never React or the server side.',
  }),
  wall(['src/cli/**'], {
    own: 'cli',
    may: ['shared', 'edge', 'server', 'testing'],
    packages: [REACT, REACT_QUERY],
    message:
      'src/cli (the react-cello command) runs in Node: it imports only src/cli, src/server, src/testing, src/edge and src/shared, never React or client code.',
  }),
  // The entries: each re-exports its own layer and what it stands on.
  wall(['src/index.ts'], {
    may: ['shared', 'runtime', 'core', 'query'],
    message: 'The client entry exports src/core and src/query, never the server, edge, testing or referral side.',
  }),
  wall(['src/core.ts'], {
    may: ['shared', 'runtime', 'core'],
    packages: [REACT_QUERY],
    message: 'react-cello/core exports src/core, src/runtime and src/shared only.',
  }),
  wall(['src/referral.ts'], {
    may: ['shared', 'runtime', 'referral'],
    packages: [REACT_QUERY],
    message: 'react-cello/referral exports src/referral, src/runtime and src/shared only.',
  }),
  wall(['src/devtools.ts'], {
    may: ['shared', 'runtime', 'core', 'devtools'],
    packages: [REACT_QUERY],
    message: 'react-cello/devtools exports src/devtools (and what it stands on) only, never React Query.',
  }),
  wall(['src/edge.ts'], {
    may: ['shared', 'edge'],
    packages: [{ regex: '^(?!\\.)' }],
    message: 'react-cello/edge exports src/edge and src/shared only.',
  }),
  wall(['src/server.ts'], {
    may: ['shared', 'edge', 'server'],
    packages: [REACT, REACT_QUERY],
    message: 'react-cello/server exports src/server, src/edge and src/shared only.',
  }),
  wall(['src/testing.ts'], {
    may: ['shared', 'testing'],
    packages: [REACT, REACT_QUERY],
    message: 'react-cello/testing exports src/testing and src/shared only.',
  }),
  wall(['src/cli.ts'], {
    may: ['cli'],
    packages: [REACT, REACT_QUERY],
    message: 'The react-cello command (dist/cli.js) starts src/cli only.',
  }),
  {
    files: ['scripts/**', 'test/**', 'stories/**', '.storybook/**', 'examples/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
)

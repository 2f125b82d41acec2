import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** React and React Query, forbidden outside the client (type-only imports are fine). */
const REACT = [
  {
    regex: '^(react|react-dom)(/|$)|^@tanstack/react-query$',
    message: 'Only client modules import React.',
    allowTypeImports: true,
  },
]

export default tseslint.config(
  {
    ignores: [
      'dist',
      'storybook-static',
      'coverage',
      'node_modules',
      '.cache',
      'example/dist',
      'test/public',
      'examples/*/.next',
      'examples/*/node_modules',
      'examples/*/next-env.d.ts',
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
  // The walls between the sides (see src/shared): the server and testing sides never import client
  // code (anything React: the provider, hooks, components), the client never imports the server or
  // testing side, and src/shared imports nothing outside itself. Type-only imports are allowed.
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...REACT,
            { regex: '^\\.\\./', message: 'src/shared is a leaf: it imports only from src/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...REACT,
            {
              regex: '^\\.\\./(?!shared/)',
              message: 'The server side imports only src/server and src/shared, never client or testing code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server.ts', 'src/edge.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...REACT,
            {
              regex: '^\\./(?!shared/|server/|edge$)',
              message: 'The server and edge entries export only src/server and src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...REACT,
            {
              // resetCello empties the client's module state, held in these React-free modules on purpose
              // (the page's captured referral, the attribution loader's, and the Referral Component's
              // loader and session).
              regex:
                '^\\.\\./(?!shared/|createCelloStore$|loadCelloScript$|loadCelloReferral$|referralController$|privateQueryClient$)',
              message:
                'The testing side imports only src/testing and src/shared (and the client state resetCello clears), never React code or the server side.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/*.{ts,tsx}'],
    ignores: ['src/server.ts', 'src/edge.ts', 'src/testing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\./(server|testing|edge)(/|$)',
              message: 'Client code never imports the server or testing side; shared code is in src/shared.',
              allowTypeImports: false,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'test/**', 'stories/**', '.storybook/**', 'example/**', 'examples/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
)

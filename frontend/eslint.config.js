// ESLint 9 flat config: TypeScript (type-aware), React hooks (with the compiler rules), accessibility,
// and the boundaries between the SPA's folders (see boundaries below).
import { readdirSync } from 'node:fs';

import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Read from the disk, so a new feature is fenced in without touching this file.
const features = readdirSync(new URL('src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const SHARED = ['src/api', 'src/components', 'src/hooks', 'src/i18n', 'src/lib'];

// Imports flow one way: shared folders -> features -> src/app, which alone composes features.
const boundaries = [
  ...features.map((feature) => ({
    target: `src/features/${feature}`,
    from: 'src/features',
    except: [`./${feature}`],
    message: 'A feature does not import another feature: move the shared piece to a shared folder, or compose both in src/app.',
  })),
  {
    target: 'src/features',
    from: 'src/app',
    message: 'Features do not import the app: src/app composes them.',
  },
  {
    target: SHARED,
    from: ['src/features', 'src/app'],
    message: 'Shared folders do not import features or the app.',
  },
];

// Test helpers (the mock API server among them) never reach the bundle.
const productionBoundaries = [
  ...boundaries,
  { target: 'src', from: 'src/test', message: 'Only tests import src/test.' },
];

// Tests mock the API only through the schema-typed handlers, so they cannot mock a route it lacks.
const untypedHandlers = {
  name: 'msw',
  importNames: ['http'],
  message: 'Use `http` from src/test/api-handlers.ts: its handlers are typed by the OpenAPI schema.',
};
const testOnlyPackages = {
  group: ['msw', 'msw/*', 'openapi-msw', '@testing-library/*'],
  message: 'Test tooling stays out of the bundle: only tests and src/test import it.',
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['src/**/*.tsx'],
    ...jsxA11y.flatConfigs.strict,
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      // Upstream strings are text; markup from data is never an option.
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render upstream strings as text, never as markup.',
        },
        {
          selector: "MemberExpression[property.name='innerHTML']",
          message: 'Render upstream strings as text, never as markup.',
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Resolves like Vite and tsc do, so the rules below see every relative import; no-unresolved
      // makes sure none slips through unresolved (and so unchecked).
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js'] })],
      // no-cycle follows imports only into files it parses: without these, only .js.
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import-x/no-unresolved': 'error',
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: productionBoundaries }],
      'no-restricted-imports': ['error', { paths: [untypedHandlers], patterns: [testOnlyPackages] }],
    },
  },
  {
    files: ['src/**/*.test.{ts,tsx}', 'src/test/**'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: boundaries }],
      'no-restricted-imports': ['error', { paths: [untypedHandlers] }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js', 'vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);

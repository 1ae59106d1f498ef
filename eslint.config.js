import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './tools/eslint-layers.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'playwright-report/', 'test-results/', '.reports/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Playwright reads a fixture's dependencies from its destructured first argument: `{}` means none.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, layers: layersPlugin },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'layers/imports-flow-one-way': 'error',
    },
  },
  {
    // DESIGN.md: the server reads the time only through its clock port (services/clock.ts), so
    // tests can move it by hand and nothing decides on a time they cannot control.
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/services/clock.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Read the time through the clock port (services/clock.ts).' },
        { object: 'performance', property: 'now', message: 'Read the time through the clock port (services/clock.ts).' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the clock: use the clock port (services/clock.ts).' },
        { selector: "CallExpression[callee.name='Date'][arguments.length=0]", message: 'Date() reads the clock: use the clock port (services/clock.ts).' },
      ],
    },
  },
);

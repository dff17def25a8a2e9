// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// typescript-eslint with type information. Rules the code does not meet yet are off, each with its reason.
export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'teams-package/', 'exports/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts', 'bin/*.js', 'adapters/teams/*.cjs', 'src/documents/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Platform payloads (Slack blocks, Bot Framework activities) are untyped JSON; `any` marks them honestly.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // tsc's noUnusedLocals/noUnusedParameters already check this.
      '@typescript-eslint/no-unused-vars': 'off',
      // Handlers that satisfy an async interface without awaiting are common and harmless.
      '@typescript-eslint/require-await': 'off',
      // Stripping control characters from member input is the point of those expressions (core/control-chars.ts).
      'no-control-regex': 'off',
      // The storage wrappers hand on bound client methods on purpose (storage/pglite.ts, postgres.ts).
      '@typescript-eslint/unbound-method': 'off',
      // Bot Framework's activity types are string enums compared with the strings Teams sends.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Database rows are typed `unknown` per column; exports write their plain values (to revisit with typed rows).
      '@typescript-eslint/no-base-to-string': 'off',
      // Promise.all over optional feature hooks mixes values (`?? []`) and promises, which Promise.all allows.
      '@typescript-eslint/await-thenable': 'off',
      // Listeners (http, timers) that start async work and handle their own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // Same reason: CSV/Markdown exports interpolate row values typed `unknown`.
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);

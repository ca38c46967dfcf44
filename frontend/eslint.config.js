import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import tseslint from 'typescript-eslint';

const features = readdirSync('src/features', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * Import zones, as bulletproof-react draws them: shared code (api, lib, components) never imports a
 * feature; a feature imports no other feature (what two need moves to lib/ or components/, and only
 * app/ puts features together); editor-core is plain TypeScript: no React, no UI kit, no app code.
 */
const zones = [
  ...['src/api', 'src/lib', 'src/components', 'src/editor-core'].map((target) => ({
    target,
    from: ['src/features', 'src/app'],
    message: 'shared code must not depend on a feature or the app',
  })),
  ...features.map((feature) => ({
    target: `src/features/${feature}`,
    from: 'src/features',
    except: [`./${feature}`],
    message: 'a feature imports no other feature: move what both need to src/lib or src/components',
  })),
  {
    target: 'src/editor-core',
    from: ['src/api', 'src/lib', 'src/components'],
    message: 'editor-core is framework-free: it imports only itself',
  },
];

export default tseslint.config(
  { ignores: ['dist', 'coverage', 'test-results', 'playwright-report'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
    },
    plugins: {
      'react-hooks': reactHooks,
      'react-refresh': reactRefresh,
      'import-x': importX,
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': ['error', { zones }],
    },
  },
  {
    files: ['src/editor-core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', 'react/*', '@mantine/*', '@tanstack/*', 'openapi-fetch'],
              message: 'editor-core is framework-free: no React, no UI kit, no fetching',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
);

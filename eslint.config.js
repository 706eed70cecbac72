// Lint: typescript-eslint's recommended rules, and the import graph kept acyclic.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'src/**/wasm/kernels.ts', 'src/**/wasm/normals.ts', '**/*.wasm', 'test/vitest/fixture/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Ambient declarations of a global API: `declare var` and empty interfaces are how such APIs are written.
    files: ['**/*.d.ts'],
    rules: { 'no-var': 'off', '@typescript-eslint/no-empty-object-type': 'off' },
  },
);

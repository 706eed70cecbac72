// Lint: typescript-eslint's recommended rules, an acyclic import graph, and the layers of docs/ARCHITECTURE.md:
// each layer imports only the layers below it, and the command line and the vitest integration only the public API.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** The layers from the bottom up; a layer may import the ones before it. */
const LAYERS = [
  ['src/contract'],
  ['src/core/rng'],
  ['src/core/linalg'],
  ['src/core/model'],
  ['src/core/data'],
  ['src/core/estimators'],
  ['src/core/train'],
  ['src/core/stats'],
  ['src/core/verdict'],
  ['src/core/check'],
  ['properties'],
  ['src/report', 'src/runner'],
  ['src/index.ts'],
  ['src/cli', 'src/vitest'],
];
const SIBLINGS_APART = [['src/report', 'src/runner'], ['src/cli', 'src/vitest']];

/** Each layer's target may not import any layer above it (nor, for siblings, each other). */
const zones = LAYERS.flatMap((layer, i) =>
  layer.map((target) => ({
    target: `./${target}`,
    from: [...LAYERS.slice(i + 1).flat(), ...(SIBLINGS_APART.find((s) => s.includes(target)) ?? []).filter((s) => s !== target)].map((f) => `./${f}`),
    message: `${target} sits below these in the layers (docs/ARCHITECTURE.md)`,
  })),
);
/** Above the public API, only the public API. */
const publicOnly = ['src/cli', 'src/vitest'].map((target) => ({
  target: `./${target}`,
  from: ['./src/contract', './src/core', './src/runner', './src/report', './properties'],
  message: 'the command line and the vitest integration are built on src/index.ts only',
}));

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
    files: ['src/**/*.ts', 'properties/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...zones, ...publicOnly] }] },
  },
  {
    // CommonJS files: require() is how they import, and `module`/`__filename` are theirs.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __filename: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Ambient declarations of a global API: `declare var` and empty interfaces are how such APIs are written.
    files: ['**/*.d.ts'],
    rules: { 'no-var': 'off', '@typescript-eslint/no-empty-object-type': 'off' },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.scratch*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        NodeJS: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-control-regex': 'off',
    },
  },
  // The executable and the load tracer are CommonJS (bin/package.json): Node reads them synchronously.
  {
    files: ['bin/**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', __filename: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The layers of ../shared/DESIGN.md, enforced: dependencies point one way, and
  // vendor vocabulary stays in its provider and its dialect.
  ...layer('src/store/**', ['commands', 'providers', 'server', 'output', 'config', 'http', 'main', 'factory']),
  ...layer('src/providers/**', ['commands', 'server', 'output', 'config', 'main', 'factory']),
  ...layer('src/server/**', ['commands', 'providers', 'output', 'config', 'http', 'main', 'factory']),
  ...layer('src/http/**', ['commands', 'providers', 'server', 'output', 'store', 'config', 'main', 'factory']),
  ...layer('src/output/**', ['commands', 'providers', 'server', 'store', 'http', 'main', 'factory']),
  ...layer('src/config/**', ['commands', 'server', 'output', 'store', 'http', 'main', 'factory']),
  ...layer('src/commands/**', [
    'server',
    'store',
    'http',
    'main',
    'providers/local',
    'providers/mistral',
    'providers/ai21',
    'providers/hal',
  ]),
);

/** Files under `files` may not import from these folders (or modules) of src/. */
function layer(files, forbidden) {
  const patterns = forbidden.map((name) => ({
    // A folder of src/ (../http/client.js), or a top-level module (../factory.js).
    group: name === 'main' || name === 'factory' ? [`**/../${name}.js`] : [`**/${name}/*`, `**/${name}/**`],
    message: `${files.replace('/**', '')} may not import ${name} (see the layers in ../shared/DESIGN.md)`,
  }));
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { patterns }] } }];
}

/**
 * The layers of ../shared/DESIGN.md as eslint rules: dependencies point one
 * way, and vendor vocabulary stays in its provider and its dialect. Used by
 * eslint.config.js, and by test/lint/layers.test.ts, which checks that each
 * rule can fail with eslint's Linter alone (no TypeScript parser to load: the
 * rules read only import statements).
 */
export const LAYERS = [
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
];

/** Files under `files` may not import from these folders (or modules) of src/. */
function layer(files, forbidden) {
  const patterns = forbidden.map((name) => ({
    // A folder of src/ (../http/client.js), or a top-level module (../factory.js).
    group: name === 'main' || name === 'factory' ? [`**/../${name}.js`] : [`**/${name}/*`, `**/${name}/**`],
    message: `${files.replace('/**', '')} may not import ${name} (see the layers in ../shared/DESIGN.md)`,
  }));
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { patterns }] } }];
}

/**
 * The layer rules (eslint.layers.js, which eslint.config.js spreads) can fail:
 * each forbidden direction is reported for a file in that layer, and an
 * allowed import is not. Checked with eslint's Linter and the layer rules
 * alone, which read only import statements (the whole config would load the
 * TypeScript parser for a second of CPU).
 */
import { Linter } from 'eslint';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module without types
import { LAYERS } from '../../eslint.layers.js';
import { ROOT } from '../helpers.js';

const linter = new Linter({ cwd: ROOT, configType: 'flat' });
/** What typescript-eslint's configs add in eslint.config.js: .ts files are linted. */
const TS_FILES: Linter.Config = { files: ['**/*.ts'] };

function problems(file: string, importPath: string): string[] {
  const text = `import { x } from '${importPath}';\nexport const y = x;\n`;
  return linter
    .verify(text, [TS_FILES, ...(LAYERS as Linter.Config[])], { filename: path.join(ROOT, file) })
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

it('eslint.config.js enforces these rules', () => {
  const config = readFileSync(path.join(ROOT, 'eslint.config.js'), 'utf8');
  expect(config).toContain("import { LAYERS } from './eslint.layers.js';");
  expect(config).toMatch(/^\s*\.\.\.LAYERS,$/m);
});

describe('layer rules', () => {
  it.each([
    ['src/store/x.ts', '../commands/shared.js'],
    ['src/store/x.ts', '../providers/registry.js'],
    ['src/providers/mistral/x.ts', '../../output/io.js'],
    ['src/providers/local/x.ts', '../../commands/shared.js'],
    ['src/server/x.ts', '../providers/local/index.js'],
    ['src/server/mistral/x.ts', '../../output/render.js'],
    ['src/http/x.ts', '../store/index.js'],
    ['src/commands/file/x.ts', '../../providers/mistral/index.js'],
    ['src/commands/file/x.ts', '../../store/index.js'],
    ['src/output/x.ts', '../providers/types.js'],
    ['src/config/x.ts', '../factory.js'],
  ])('%s may not import %s', (file, from) => {
    expect(problems(file, from)).toHaveLength(1);
  });

  it.each([
    ['src/providers/local/x.ts', '../../store/index.js'],
    ['src/providers/mistral/x.ts', '../../http/index.js'],
    ['src/server/mistral/x.ts', '../http.js'],
    ['src/server/x.ts', '../store/index.js'],
    ['src/commands/file/x.ts', '../../providers/registry.js'],
    ['src/commands/file/x.ts', '../../output/render.js'],
  ])('%s may import %s', (file, from) => {
    expect(problems(file, from)).toEqual([]);
  });
});

/**
 * The layer rules in eslint.config.js can fail: each forbidden direction is
 * reported for a file in that layer, and an allowed import is not.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, importPath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${importPath}';\nexport const y = x;\n`, {
    filePath: path.join(ROOT, file),
  });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

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
  ])('%s may not import %s', async (file, from) => {
    expect(await problems(file, from)).toHaveLength(1);
  });

  it.each([
    ['src/providers/local/x.ts', '../../store/index.js'],
    ['src/providers/mistral/x.ts', '../../http/index.js'],
    ['src/server/mistral/x.ts', '../http.js'],
    ['src/server/x.ts', '../store/index.js'],
    ['src/commands/file/x.ts', '../../providers/registry.js'],
    ['src/commands/file/x.ts', '../../output/render.js'],
  ])('%s may import %s', async (file, from) => {
    expect(await problems(file, from)).toEqual([]);
  });
});

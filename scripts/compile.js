#!/usr/bin/env node
// src/**/*.ts -> dist/**/*.js, one ES module per source file (esbuild, no
// bundling): what the tests import and run in-process (dist/main.js), with the
// layout and relative imports of src/. Types are not checked here: `npm run
// lint` runs tsc over src/ and test/ (the code is written to be compiled one
// file at a time: tsc passes with isolatedModules and verbatimModuleSyntax).
// scripts/bundle.js then builds the executable's bundles from src/ itself.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const entryPoints = fs
  .readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
  .map((f) => path.join('src', f));

// The modules of an earlier build that no source makes any more must not linger.
for (const entry of fs.existsSync(path.join(root, 'dist')) ? fs.readdirSync(path.join(root, 'dist')) : [])
  if (entry !== 'bundle' && entry !== 'bundle.meta.json')
    fs.rmSync(path.join(root, 'dist', entry), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'dist',
  outbase: 'src',
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
});

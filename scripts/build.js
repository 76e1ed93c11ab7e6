#!/usr/bin/env node
// `npm run build`: scripts/compile.js (src/ -> dist/, one module per file) and
// scripts/bundle.js (dist/bundle/) at once, in one process: they write apart
// (compile.js leaves dist/bundle/ and dist/bundle.meta.json alone).
await Promise.all([import('./compile.js'), import('./bundle.js')]);

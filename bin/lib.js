#!/usr/bin/env node
// The executable: runs dist/main.js. `lib --version` alone is answered here,
// from package.json, without loading the program (the same line main prints):
// scripts call it to check what is installed, and it then costs what Node's
// own start-up costs.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  const { runCli } = await import('../dist/main.js');
  await runCli();
}

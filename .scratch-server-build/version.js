import { createRequire } from 'node:module';
/** The package version, read once from package.json beside dist/. */
export function packageVersion() {
    const require = createRequire(import.meta.url);
    return require('../package.json').version;
}
//# sourceMappingURL=version.js.map
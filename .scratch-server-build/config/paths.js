/**
 * Where lib keeps things. LIB_HOME moves config and data together (tests use
 * it so nothing touches the real home); else the platform's dirs (env-paths).
 */
import path from 'node:path';
import envPaths from 'env-paths';
export function resolvePaths(env) {
    if (env.LIB_HOME) {
        const home = path.resolve(env.LIB_HOME);
        return { configDir: path.join(home, 'config'), dataDir: path.join(home, 'data') };
    }
    const p = envPaths('lib', { suffix: '' });
    return { configDir: p.config, dataDir: p.data };
}
//# sourceMappingURL=paths.js.map
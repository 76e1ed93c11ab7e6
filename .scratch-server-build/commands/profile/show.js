import { maskSecret } from '../../output/format.js';
import { printOne } from '../../output/render.js';
import { examples } from '../shared.js';
const view = {
    id: (s) => s.profile,
    columns: [
        { header: 'profile', value: (s) => s.profile },
        { header: 'provider', value: (s) => `${s.provider} (${s.sources.provider})` },
        { header: 'baseUrl', value: (s) => (s.baseUrl ? `${s.baseUrl} (${s.sources.baseUrl})` : null) },
        { header: 'apiKey', value: (s) => (s.apiKey ? `${s.apiKey} (${s.sources.apiKey})` : null) },
        { header: 'orgId', value: (s) => s.orgId },
        { header: 'configFile', value: (s) => s.configFile },
        { header: 'dataDir', value: (s) => s.dataDir },
    ],
};
export function register(parent, f, runF = run) {
    const cmd = parent
        .command('show')
        .description('Show the settings in effect, and where each comes from')
        .argument('[name]', 'a profile (default: the one in effect)')
        .action((name) => runF(f, { name }));
    examples(cmd, ['lib profile show', 'MISTRAL_API_KEY=... lib profile show work']);
}
function describe(s) {
    if (!s)
        return '';
    return s.source === 'default' ? 'default' : s.source === 'profile' ? `profile ${s.from}` : s.from;
}
export async function run(f, opts) {
    const output = f.output();
    if (opts.name)
        f.globals.profile = opts.name;
    const eff = f.effective();
    const shown = {
        profile: eff.profile.value,
        provider: eff.provider.value,
        baseUrl: eff.baseUrl?.value ?? null,
        apiKey: eff.apiKey ? maskSecret(eff.apiKey.value) : null,
        orgId: eff.orgId?.value ?? null,
        sources: {
            profile: describe(eff.profile),
            provider: describe(eff.provider),
            baseUrl: describe(eff.baseUrl),
            apiKey: describe(eff.apiKey),
        },
        configFile: f.profiles().path,
        dataDir: f.paths().dataDir,
    };
    await printOne(f.io, output, view, shown);
}
//# sourceMappingURL=show.js.map
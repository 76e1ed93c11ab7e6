/** The local provider: the embedded store on this machine. No account, no network. */
export { createLocalProvider, LocalProvider, type LocalProviderOptions } from './provider.js';

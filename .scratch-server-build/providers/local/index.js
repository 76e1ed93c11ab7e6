/** The local provider: the embedded store on this machine. No account, no network. */
export { createLocalProvider, LocalProvider } from './provider.js';
//# sourceMappingURL=index.js.map
import { UnsupportedError } from '../errors.js';
/** The optional operation, or UnsupportedError (exit 2) naming the provider. */
export function need(provider, op, what) {
    const fn = provider[op];
    if (typeof fn !== 'function') {
        throw new UnsupportedError(`the ${provider.name} provider does not support ${what}`);
    }
    return fn.bind(provider);
}
//# sourceMappingURL=types.js.map
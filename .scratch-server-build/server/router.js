/**
 * A method + path table with `{param}` segments. No framework: the dialects
 * have a few dozen routes, and knowing which methods a path allows is all we
 * need beyond matching (for FastAPI's 405 with an Allow header).
 */
export class Router {
    routes = [];
    add(method, pattern, handler) {
        this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler });
        return this;
    }
    match(method, pathname) {
        const parts = split(pathname);
        const allowed = [];
        for (const route of this.routes) {
            const params = bind(route.segments, parts);
            if (!params)
                continue;
            if (route.method === method.toUpperCase())
                return { kind: 'found', handler: route.handler, params };
            allowed.push(route.method);
        }
        return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
    }
}
/** A trailing slash is ignored (FastAPI would redirect; answering directly is kinder to clients). */
function split(path) {
    return path.split('/').filter((s) => s !== '');
}
function bind(pattern, parts) {
    if (pattern.length !== parts.length)
        return undefined;
    const params = {};
    for (let i = 0; i < pattern.length; i++) {
        const seg = pattern[i];
        const part = parts[i];
        if (seg.startsWith('{') && seg.endsWith('}')) {
            try {
                params[seg.slice(1, -1)] = decodeURIComponent(part);
            }
            catch {
                params[seg.slice(1, -1)] = part; // malformed escapes reach the validator as-is and fail there
            }
        }
        else if (seg !== part) {
            return undefined;
        }
    }
    return params;
}
//# sourceMappingURL=router.js.map
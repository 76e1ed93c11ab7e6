import { actFault, pickFault } from './faults.js';
import { drain, fromStoreError, httpError, HttpError, sendJson, sendReply } from './http.js';
import { mistralRouter } from './mistral/index.js';
import { FILES_PREFIX, serveSigned } from './signed-urls.js';
export function createApp(opts) {
    const mistral = mistralRouter();
    return (req, res) => {
        const started = Date.now();
        let who = '-';
        void handle(req, res, opts, mistral, (p) => (who = p.name))
            .catch((err) => {
            opts.report(err);
            res.destroy();
        })
            .finally(() => {
            opts.log?.(`${req.method} ${req.url} ${res.headersSent ? res.statusCode : 'reset'} ${Date.now() - started}ms ${who}`);
        });
    };
}
function baseUrlOf(req, origin) {
    const host = req.headers.host;
    // A Host header is what the client used to reach us, so links built on it work for that client.
    return host && /^[\w.-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i.test(host) ? `http://${host}` : origin();
}
async function handle(req, res, opts, mistral, identified) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
        if (url.pathname.startsWith(FILES_PREFIX)) {
            await serveSigned(req, res, url, opts.env.store, opts.env.signer);
            return;
        }
        if (url.pathname !== '/v1' && !url.pathname.startsWith('/v1/'))
            throw httpError(404, 'Not Found');
        const fault = pickFault(req, opts.faults, opts.random);
        if (fault) {
            await actFault(fault, req, res);
            return;
        }
        const caller = opts.authenticate(req);
        if (!caller)
            throw httpError(401, 'Unauthorized', { 'www-authenticate': 'Bearer' });
        identified(caller);
        const match = mistral.match(req.method ?? 'GET', url.pathname);
        if (match.kind === 'none')
            throw httpError(404, 'Not Found');
        if (match.kind === 'method')
            throw httpError(405, 'Method Not Allowed', { allow: match.allowed.join(', ') });
        const reply = await match.handler({
            env: opts.env,
            req,
            url,
            params: match.params,
            caller,
            baseUrl: baseUrlOf(req, opts.origin),
        });
        sendReply(res, reply);
    }
    catch (err) {
        const known = err instanceof HttpError ? err : fromStoreError(err);
        if (!known)
            opts.report(err);
        const reply = known ?? httpError(500, 'Internal Server Error');
        if (res.headersSent || req.socket.destroyed) {
            res.destroy();
            return;
        }
        // Answer only once the client has finished sending (see drain), or close after answering.
        const drained = await drain(req);
        sendJson(res, reply.status, reply.body, { ...reply.headers, ...(!drained && { connection: 'close' }) });
    }
}
//# sourceMappingURL=app.js.map
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
/** An error reply: thrown anywhere in a handler, written as-is by the pipeline. */
export class HttpError extends Error {
    status;
    body;
    headers;
    constructor(status, body, headers = {}) {
        super(`HTTP ${status}`);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }
}
/** FastAPI's HTTPException shape: {"detail": "..."}. */
export function httpError(status, detail, headers) {
    return new HttpError(status, { detail }, headers);
}
export function validationError(issues) {
    return new HttpError(422, { detail: issues });
}
/**
 * The store's typed errors as HTTP: not found 404, conflict 409, invalid
 * input 422 (a value_error on `loc`, as pydantic reports a failed validator).
 */
export function fromStoreError(err, loc = ['body']) {
    if (err instanceof NotFoundError)
        return httpError(404, err.message);
    if (err instanceof ConflictError)
        return httpError(409, err.message);
    if (err instanceof UsageError)
        return validationError([{ type: 'value_error', loc, msg: `Value error, ${err.message}` }]);
    return undefined;
}
export function sendJson(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
        ...headers,
    });
    res.end(text);
}
export function sendReply(res, reply) {
    if (reply.json === undefined) {
        res.writeHead(reply.status, { 'content-length': '0', ...reply.headers });
        res.end();
    }
    else {
        sendJson(res, reply.status, reply.json, reply.headers);
    }
}
/** JSON bodies are small (metadata); anything bigger is a client bug, not an upload. */
const JSON_LIMIT = 1024 * 1024;
/**
 * The request body parsed as JSON, or `undefined` when there is none. Invalid
 * JSON is FastAPI's 422 json_invalid; the content type is not checked, as
 * FastAPI parses a declared JSON body whatever the header says. An oversized
 * body is read to its end (and dropped) so the 413 reaches the client.
 */
export async function readJson(req) {
    const chunks = [];
    let size = 0;
    if (!req.readableEnded) {
        await new Promise((resolve, reject) => {
            req.on('data', (chunk) => {
                size += chunk.length;
                if (size <= JSON_LIMIT)
                    chunks.push(chunk);
            });
            req.once('end', resolve);
            req.once('error', reject);
            req.once('close', () => (req.readableEnded ? resolve() : reject(new Error('request aborted'))));
        });
    }
    if (size > JSON_LIMIT)
        throw httpError(413, 'Request body too large');
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw validationError([
            {
                type: 'json_invalid',
                loc: ['body', 0],
                msg: 'JSON decode error',
                input: {},
                ctx: { error: err.message },
            },
        ]);
    }
}
/** Beyond this, an unread body is not worth reading just to answer an error: the connection is closed instead. */
const DRAIN_LIMIT = 8 * 1024 * 1024;
/**
 * Reads and discards what is left of the request body. Answering before the
 * client has finished sending makes many clients (undici among them) see a
 * broken pipe instead of the answer, so error replies wait for the body; a
 * huge one is cut short and the connection closed after the reply.
 * Resolves true when the body was fully read.
 *
 * It reads with 'readable' + read(), which works whether or not an async
 * iterator (the multipart reader's) already holds the stream; and it never
 * destroys the request, which would reset the socket before the reply.
 */
export function drain(req) {
    if (req.readableEnded)
        return Promise.resolve(true);
    if (req.destroyed)
        return Promise.resolve(false);
    if (Number(req.headers['content-length'] ?? NaN) > DRAIN_LIMIT)
        return Promise.resolve(false);
    return new Promise((resolve) => {
        let seen = 0;
        const finish = (ok) => {
            req.off('readable', onReadable);
            req.off('end', onEnd);
            req.off('error', onClose);
            req.off('close', onClose);
            resolve(ok);
        };
        const onReadable = () => {
            for (let chunk; (chunk = req.read()) !== null;) {
                seen += chunk.length;
                if (seen > DRAIN_LIMIT)
                    return finish(false);
            }
        };
        const onEnd = () => finish(true);
        const onClose = () => finish(req.readableEnded);
        req.on('readable', onReadable);
        req.on('end', onEnd);
        req.on('error', onClose);
        req.on('close', onClose);
        onReadable();
    });
}
//# sourceMappingURL=http.js.map
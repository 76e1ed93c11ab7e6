export function encodePageToken(offset) {
    return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}
/** The offset a token stands for; an invalid token is a 422 on `loc`. */
export function decodePageToken(token, loc, issues) {
    try {
        const { o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
        if (typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)
            return o;
    }
    catch {
        // fall through to the 422
    }
    issues.add({ type: 'value_error', loc, msg: 'Value error, invalid page token', input: token });
    return undefined;
}
/** Mistral's PaginationInfo for a 0-based page. */
export function pagination(total, page, pageSize) {
    return {
        total_items: total,
        total_pages: Math.ceil(total / pageSize),
        current_page: page,
        page_size: pageSize,
        has_more: (page + 1) * pageSize < total,
    };
}
//# sourceMappingURL=pages.js.map
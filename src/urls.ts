/** URLs as lib shows them: a password in a URL (https://user:secret@host) is never printed. */

/** The URL with its password, if any, replaced by ***; text that is not a URL is returned as given. */
export function withoutPassword(url: string): string {
  if (!url.includes('@')) return url;
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.href.replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/\/\/([^/:@\s]*):[^/@\s]*@/g, '//$1:***@');
  }
}

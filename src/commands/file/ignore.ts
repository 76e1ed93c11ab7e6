/**
 * Which files `file sync` takes: `.gitignore` rules (a `.libignore` file at
 * the root of the synced directory) and --include/--exclude globs written the
 * same way. Our own small matcher (no dependency): blank lines and `#`
 * comments, `!` re-includes, a trailing `/` matches directories only, a
 * pattern with a `/` before its end is anchored at the root, one without
 * matches a name at any depth, `*` and `?` stop at `/`, `**` crosses folders,
 * `[a-z]` classes, `\` escapes. The last matching rule wins; as in git, a file
 * in an excluded folder cannot be re-included (the folder is never read).
 */

export interface Rule {
  pattern: string;
  negate: boolean;
  dirOnly: boolean;
  re: RegExp;
}

export function parseRules(text: string): Rule[] {
  return text
    .split(/\r?\n/)
    .map((line) => compileRule(line))
    .filter((r): r is Rule => r !== undefined);
}

export function compileRule(line: string): Rule | undefined {
  // Trailing spaces are dropped unless escaped with a backslash.
  let p = line.replace(/(?<!\\)\s+$/, '');
  if (p === '' || p.startsWith('#')) return undefined;
  let negate = false;
  if (p.startsWith('!')) {
    negate = true;
    p = p.slice(1);
  } else if (p.startsWith('\\!') || p.startsWith('\\#')) p = p.slice(1);
  let dirOnly = false;
  if (p.endsWith('/')) {
    dirOnly = true;
    p = p.replace(/\/+$/, '');
  }
  if (p === '') return undefined;
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const body = globToRegex(p);
  const re = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`, 'u');
  return { pattern: line, negate, dirOnly, re };
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length;
        if (atStart && glob[i + 2] === '/') {
          out += '(?:.*/)?'; // "**/x": x at any depth
          i += 2;
        } else if (atStart && atEnd) {
          out += '.*'; // "a/**": everything inside a
          i += 1;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let cls = glob.slice(i + 1, close);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escape(glob[++i]!);
    } else out += escape(c);
  }
  return out;
}

function escape(c: string): string {
  return /[.+^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** The last rule matching `rel` says: true (excluded), false (re-included), undefined (no rule matched). */
export function matchRules(rules: Rule[], rel: string, isDir: boolean): boolean | undefined {
  let verdict: boolean | undefined;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    if (r.re.test(rel)) verdict = !r.negate;
  }
  return verdict;
}

export interface Filter {
  /** Whether a walk goes into a directory / takes a file (paths relative to the synced root). */
  keep(rel: string, isDir: boolean): boolean;
  /** The same question for a remote file's path relative to the synced root: a folder excluded excludes what is in it. */
  keepPath(rel: string): boolean;
}

/**
 * The filter of one sync: .libignore rules, then --exclude, then --include
 * (given, a file must match one). Remote files outside it are never deleted,
 * as rsync protects excluded files on the receiver.
 */
export function makeFilter(ignoreText: string | undefined, include: string[], exclude: string[]): Filter {
  const ignore = ignoreText === undefined ? [] : parseRules(ignoreText);
  const excludes = exclude.map((p) => compileRule(p)).filter((r): r is Rule => r !== undefined);
  const includes = include.map((p) => compileRule(p)).filter((r): r is Rule => r !== undefined);
  // --include 'docs/' takes what is in docs: a file is included when it, or a folder it is in, matches.
  const included = (rel: string): boolean => {
    if (matchRules(includes, rel, false) === true) return true;
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++)
      if (matchRules(includes, parts.slice(0, i).join('/'), true) === true) return true;
    return false;
  };
  const keep = (rel: string, isDir: boolean): boolean => {
    if (rel === IGNORE_FILE) return false;
    if (matchRules(ignore, rel, isDir) === true) return false;
    if (matchRules(excludes, rel, isDir) === true) return false;
    if (!isDir && includes.length > 0 && !included(rel)) return false;
    return true;
  };
  return {
    keep,
    keepPath(rel) {
      const parts = rel.split('/');
      for (let i = 1; i < parts.length; i++) if (!keep(parts.slice(0, i).join('/'), true)) return false;
      return keep(rel, false);
    },
  };
}

/** The ignore file read at the root of a synced directory; it is itself never synced. */
export const IGNORE_FILE = '.libignore';

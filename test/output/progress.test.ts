/**
 * The progress bar: its line from a given state and clock (files, bytes, rate,
 * ETA), drawn in place on stderr only where io.progress allows, and nothing at
 * all in pipes or CI.
 */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/output/io.js';
import { progressBar, renderBar, seconds, shortDuration } from '../../src/output/progress.js';

function testIO(progress: boolean): { io: IO; err: () => string; out: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c));
  err.on('data', (c: Buffer) => (e += c));
  const io: IO = {
    out,
    err,
    in: Readable.from([]),
    isStdoutTTY: progress,
    isStderrTTY: progress,
    isStdinTTY: false,
    color: false,
    progress,
    columns: 100,
  };
  return { io, err: () => e, out: () => o };
}

const MiB = 1024 * 1024;

describe('renderBar', () => {
  const base = { label: 'Syncing', files: 0, totalFiles: 1000, bytes: 0, totalBytes: 40 * MiB, startedAt: 0 };

  it('shows files and bytes at once, rate and ETA after a second', () => {
    expect(renderBar(base, 0)).toBe('Syncing  [------------------------]  0/1000 files  0 B/40 MiB');
    expect(renderBar({ ...base, files: 250, bytes: 10 * MiB }, 2000, 120)).toBe(
      'Syncing  [######------------------]  250/1000 files  10 MiB/40 MiB  5.0 MiB/s  ETA 6s',
    );
    expect(renderBar({ ...base, files: 1000, bytes: 40 * MiB }, 8000, 120)).toBe(
      'Syncing  [########################]  1000/1000 files  40 MiB/40 MiB  5.0 MiB/s',
    );
  });

  it('counts files where there are no bytes (renames, deletes), and fits the terminal', () => {
    const s = { ...base, totalBytes: 0, files: 30, totalFiles: 120 };
    expect(renderBar(s, 10_000)).toBe('Syncing  [######------------------]  30/120 files  3.0 files/s  ETA 30s');
    expect(renderBar(s, 10_000, 30)).toHaveLength(29);
  });

  it('says long times in minutes and hours', () => {
    expect(shortDuration(59_400)).toBe('59s');
    expect(shortDuration(184_000)).toBe('3m04s');
    expect(shortDuration(3_720_000)).toBe('1h02m');
    expect(seconds(1400)).toBe('1.4 s');
    expect(seconds(12_345)).toBe('12 s');
  });
});

describe('progressBar', () => {
  it('draws in place on a terminal, logs lines above itself, and clears itself', () => {
    let now = 0;
    const t = testIO(true);
    const bar = progressBar(t.io, {
      label: 'Uploading',
      totalFiles: 2,
      totalBytes: 2048,
      now: () => now,
      intervalMs: 0,
    });
    now = 1000;
    bar.tick(1024);
    bar.log('Uploaded a.md');
    now = 2000;
    bar.tick(1024);
    bar.stop();
    bar.stop();
    expect(bar.elapsed()).toBe(2000);
    const frames = t.err().split('\r\x1b[2K');
    expect(frames).toEqual([
      '',
      'Uploading  [------------------------]  0/2 files  0 B/2.0 KiB',
      'Uploading  [############------------]  1/2 files  1.0 KiB/2.0 KiB  1.0 KiB/s  ETA 1s',
      'Uploaded a.md\n',
      'Uploading  [############------------]  1/2 files  1.0 KiB/2.0 KiB  1.0 KiB/s  ETA 1s',
      'Uploading  [########################]  2/2 files  2.0 KiB/2.0 KiB  1.0 KiB/s',
      '',
    ]);
    expect(t.out()).toBe('');
  });

  it('is silent in a pipe or CI (io.progress false): only logged lines, plain', () => {
    const t = testIO(false);
    const bar = progressBar(t.io, { label: 'Uploading', totalFiles: 2, totalBytes: 10, intervalMs: 0 });
    bar.tick(5);
    bar.log('lib: b.md: failed');
    bar.tick(5);
    bar.stop();
    expect(t.err()).toBe('lib: b.md: failed\n');
    expect(t.out()).toBe('');
  });
});

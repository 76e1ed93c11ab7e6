import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import * as del from './delete.js';
import * as download from './download.js';
import * as get from './get.js';
import * as list from './list.js';
import * as reprocess from './reprocess.js';
import * as status from './status.js';
import * as sync from './sync.js';
import * as text from './text.js';
import * as update from './update.js';
import * as upload from './upload.js';
import * as url from './url.js';
import * as wait from './wait.js';

/** Registers the verbs on the noun's command (see ../nouns.ts for the noun itself). */
export function register(noun: Command, f: Factory): void {
  for (const verb of [upload, sync, list, get, update, del, download, text, status, wait, url, reprocess])
    verb.register(noun, f);
}

import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import * as del from './delete.js';
import * as download from './download.js';
import * as get from './get.js';
import * as list from './list.js';
import * as reprocess from './reprocess.js';
import * as status from './status.js';
import * as text from './text.js';
import * as update from './update.js';
import * as upload from './upload.js';
import * as url from './url.js';
import * as wait from './wait.js';

export function register(program: Command, f: Factory): void {
  const noun = program.command('file').alias('doc').description('Manage the files (documents) in a library');
  for (const verb of [upload, list, get, update, del, download, text, status, wait, url, reprocess])
    verb.register(noun, f);
}

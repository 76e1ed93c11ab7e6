// Peer for bench/run.js: uploads every file of DIR with bare undici (multipart from disk), N in flight.
// usage: node undici-upload.mjs URL KEY LIBRARY_ID DIR N
import fs from 'node:fs';
import path from 'node:path';
import { FormData, request } from 'undici';
const [url, key, libraryId, dir, inFlight] = process.argv.slice(2);
const names = fs.readdirSync(dir);
let next = 0;
async function worker() {
  while (next < names.length) {
    const name = names[next++];
    const form = new FormData();
    form.set('file', await fs.openAsBlob(path.join(dir, name)), name);
    const res = await request(url + '/v1/libraries/' + libraryId + '/documents', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + key },
      body: form,
    });
    await res.body.dump();
    if (res.statusCode >= 300) throw new Error('status ' + res.statusCode);
  }
}
await Promise.all(Array.from({ length: Number(inFlight) }, worker));

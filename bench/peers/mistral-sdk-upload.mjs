// Peer for bench/run.js: uploads every file of DIR with the official Mistral SDK, N in flight.
// usage: node mistral-sdk-upload.mjs URL KEY LIBRARY_ID DIR N
import fs from 'node:fs';
import path from 'node:path';
import { Mistral } from '@mistralai/mistralai';
const [url, key, libraryId, dir, inFlight] = process.argv.slice(2);
const client = new Mistral({ apiKey: key, serverURL: url });
const names = fs.readdirSync(dir);
let next = 0;
async function worker() {
  while (next < names.length) {
    const name = names[next++];
    const content = fs.readFileSync(path.join(dir, name));
    await client.beta.libraries.documents.upload({ libraryId, requestBody: { file: { fileName: name, content } } });
  }
}
await Promise.all(Array.from({ length: Number(inFlight) }, worker));

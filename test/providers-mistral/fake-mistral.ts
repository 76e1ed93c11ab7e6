/**
 * A small in-memory stand-in for Mistral's Libraries API, just enough to unit
 * test the provider's requests and mappings over a real socket. The real
 * dialect server is `lib serve`; this one only answers as the spec says.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startServer, type TestServer } from '../http/server.js';

export const KEY = 'sk-mistral-test-key-0001';

export interface FakeDoc {
  id: string;
  library_id: string;
  name: string;
  hash: string;
  mime_type: string;
  extension: string;
  size: number;
  summary: string | null;
  created_at: string;
  last_processed_at: string | null;
  number_of_pages: number | null;
  process_status: string;
  uploaded_by_id: string | null;
  uploaded_by_type: string;
  attributes: Record<string, unknown> | null;
  processing_status: string;
  tokens_processing_total: number;
  content: Buffer;
}

export interface FakeMistral extends TestServer {
  libraries: Record<string, unknown>[];
  docs: FakeDoc[];
  shareBodies: unknown[];
  /** Respond to the next matching request with this instead (method + path prefix). */
  failNext(method: string, pathPrefix: string, status: number, body: unknown): void;
}

const now = () => new Date('2025-06-01T12:00:00Z').toISOString();

export function library(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    name,
    created_at: now(),
    updated_at: now(),
    owner_id: '11111111-1111-4111-8111-111111111111',
    owner_type: 'User',
    total_size: 0,
    nb_documents: 0,
    chunk_size: null,
    description: null,
    ...extra,
  };
}

export async function startFakeMistral(): Promise<FakeMistral> {
  const libraries: Record<string, unknown>[] = [];
  const docs: FakeDoc[] = [];
  const shareBodies: unknown[] = [];
  const failures: { method: string; prefix: string; status: number; body: unknown }[] = [];

  const view = ({ content: _content, ...doc }: FakeDoc) => doc;
  const notFound = (res: ServerResponse, what: string) => sendJson(res, 404, { detail: `${what} not found` });

  const server = await startServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const parts = url.pathname.split('/').filter(Boolean); // v1 libraries {id} documents {doc} ...
    if (parts[0] === 'signed') {
      if (req.headers.authorization) return sendJson(res, 400, { detail: 'signed URLs take no key' });
      const doc = docs.find((d) => d.id === parts[1]);
      if (!doc || url.searchParams.get('sig') !== 'ok') return sendJson(res, 403, { detail: 'bad signature' });
      res.writeHead(200, { 'content-type': doc.mime_type });
      return void res.end(doc.content);
    }
    if (req.headers.authorization !== `Bearer ${KEY}`) return sendJson(res, 401, { message: 'Unauthorized' });
    const failure = failures.findIndex((f) => f.method === req.method && url.pathname.startsWith(f.prefix));
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      return sendJson(res, f!.status, f!.body);
    }
    const json = () => JSON.parse(req.body.toString() || '{}') as Record<string, unknown>;

    if (parts.length === 2 && req.method === 'GET') {
      const search = url.searchParams.get('search')?.toLowerCase();
      const size = Number(url.searchParams.get('page_size') ?? 100);
      const offset = Number(url.searchParams.get('page_token') ?? 0);
      const matching = libraries.filter((l) => !search || String(l.name).toLowerCase().includes(search));
      const data = matching.slice(offset, offset + size);
      const next = offset + size < matching.length ? String(offset + size) : null;
      return sendJson(res, 200, { data, next_page_token: next });
    }
    if (parts.length === 2 && req.method === 'POST') {
      const body = json();
      if (typeof body.name !== 'string') {
        return sendJson(res, 422, { detail: [{ loc: ['body', 'name'], msg: 'Field required', type: 'missing' }] });
      }
      const created = library(body.name, {
        description: body.description ?? null,
        chunk_size: body.chunk_size ?? null,
      });
      libraries.push(created);
      return sendJson(res, 201, created);
    }
    const lib = libraries.find((l) => l.id === parts[2]);
    if (!lib) return notFound(res, 'Library');
    if (parts.length === 3) {
      if (req.method === 'GET') return sendJson(res, 200, lib);
      if (req.method === 'PATCH') return sendJson(res, 200, Object.assign(lib, json()));
      if (req.method === 'DELETE') {
        libraries.splice(libraries.indexOf(lib), 1);
        return sendJson(res, 200, lib);
      }
    }
    if (parts[3] === 'share') {
      if (req.method === 'GET') {
        return sendJson(res, 200, {
          data: [
            { library_id: lib.id, org_id: 'o1', role: 'Owner', share_with_type: 'User', share_with_uuid: 'u-owner' },
            { library_id: lib.id, org_id: 'o1', role: 'Viewer', share_with_type: 'Workspace', share_with_uuid: 'w-1' },
            { library_id: lib.id, org_id: 'o1', role: 'Editor', share_with_type: 'Org', share_with_uuid: null },
          ],
        });
      }
      const body = json();
      shareBodies.push(body);
      if (req.method === 'PUT') {
        return sendJson(res, 200, {
          library_id: lib.id,
          org_id: 'o1',
          role: body.level,
          share_with_type: body.share_with_type,
          share_with_uuid: body.share_with_uuid,
        });
      }
      res.statusCode = 204;
      return void res.end();
    }
    if (parts[3] !== 'documents') return notFound(res, 'Route');
    if (parts.length === 4 && req.method === 'POST') {
      const form = await new Request('http://x', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type']! },
        body: req.body,
      }).formData();
      const file = form.get('file') as File;
      const content = Buffer.from(await file.arrayBuffer());
      const hash = createHash('sha256').update(content).digest('hex');
      const existing = docs.find((d) => d.library_id === lib.id && d.hash === hash);
      if (existing) return sendJson(res, 200, view(existing));
      const doc: FakeDoc = {
        id: randomUUID(),
        library_id: lib.id as string,
        name: file.name,
        hash,
        mime_type: file.type,
        extension: file.name.split('.').pop() ?? '',
        size: content.length,
        summary: null,
        created_at: new Date(Date.parse(now()) + docs.length * 1000).toISOString(),
        last_processed_at: null,
        number_of_pages: null,
        process_status: 'todo',
        uploaded_by_id: null,
        uploaded_by_type: 'User',
        attributes: null,
        processing_status: 'Todo',
        tokens_processing_total: 0,
        content,
      };
      docs.push(doc);
      return sendJson(res, 201, view(doc));
    }
    if (parts.length === 4 && req.method === 'GET') {
      const search = url.searchParams.get('search')?.toLowerCase();
      const page = Number(url.searchParams.get('page') ?? 0);
      const size = Number(url.searchParams.get('page_size') ?? 100);
      if (size > 100) {
        return sendJson(res, 422, {
          detail: [{ loc: ['query', 'page_size'], msg: 'Input should be less than or equal to 100', type: 'x' }],
        });
      }
      const sortBy = (url.searchParams.get('sort_by') ?? 'created_at') as keyof FakeDoc;
      const sign = url.searchParams.get('sort_order') === 'asc' ? 1 : -1;
      const matching = docs
        .filter((d) => d.library_id === lib.id && (!search || d.name.toLowerCase().includes(search)))
        .sort((a, b) => sign * String(a[sortBy]).localeCompare(String(b[sortBy])));
      const data = matching.slice(page * size, (page + 1) * size).map(view);
      const totalPages = Math.ceil(matching.length / size);
      return sendJson(res, 200, {
        pagination: {
          total_items: matching.length,
          total_pages: totalPages,
          current_page: page,
          page_size: size,
          has_more: page + 1 < totalPages,
        },
        data,
      });
    }
    const doc = docs.find((d) => d.id === parts[4] && d.library_id === lib.id);
    if (!doc) return notFound(res, 'Document');
    const tail = parts[5];
    if (!tail && req.method === 'GET') return sendJson(res, 200, view(doc));
    if (!tail && req.method === 'PATCH') {
      const body = json();
      if (typeof body.name === 'string') doc.name = body.name;
      if (body.attributes !== undefined) doc.attributes = body.attributes as Record<string, unknown>;
      return sendJson(res, 200, view(doc));
    }
    if (!tail && req.method === 'DELETE') {
      docs.splice(docs.indexOf(doc), 1);
      res.statusCode = 204;
      return void res.end();
    }
    if (tail === 'status') {
      return sendJson(res, 200, {
        document_id: doc.id,
        process_status: doc.process_status,
        processing_status: doc.processing_status,
      });
    }
    if (tail === 'text_content') {
      const range = `${url.searchParams.get('page_start') ?? ''}-${url.searchParams.get('page_end') ?? ''}`;
      return sendJson(res, 200, { text: `${doc.content.toString()}[${range}]` });
    }
    if (tail === 'signed-url') return sendJson(res, 200, `${server.url}/signed/${doc.id}?sig=ok`);
    if (tail === 'extracted-text-signed-url') return sendJson(res, 200, `${server.url}/signed/${doc.id}.txt?sig=ok`);
    if (tail === 'reprocess' && req.method === 'POST') {
      doc.process_status = 'todo';
      res.statusCode = 204;
      return void res.end();
    }
    return notFound(res, 'Route');
  });

  return Object.assign(server, {
    libraries,
    docs,
    shareBodies,
    failNext(method: string, prefix: string, status: number, body: unknown) {
      failures.push({ method, prefix, status, body });
    },
  });
}

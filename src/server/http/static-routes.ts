import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Files under /assets/ carry a content hash in their name: a new build has new names. */
export const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';
/** The page names the current assets, so the browser asks again (a 304 when unchanged). */
export const PAGE_CACHE = 'no-cache';
/** Unhashed public files (the favicon) keep their names across builds. */
export const PUBLIC_FILE_CACHE = 'public, max-age=3600';

/** Answers with the SPA's page (index.html), for `/` and for page routes the router knows. */
export type SendPage = (reply: FastifyReply) => void;

/** The request's path as a file path below the build, or undefined when it cannot be decoded. */
function filePath(url: string): string | undefined {
  const pathname = url.split('?', 1)[0] ?? '/';
  try {
    return decodeURI(pathname);
  } catch {
    return undefined;
  }
}

/**
 * Serves the built SPA from `staticDir` (when it holds an index.html; the API works without it).
 * With `preCompressed`, a file's `.br` or `.gz` twin written at build time (scripts/precompress.mjs)
 * is sent as it is when the browser accepts that encoding, so nothing is compressed per request;
 * the response compression of JSON answers is turned off for these routes. Files are looked up per
 * request, so a rebuild is served without a restart. Everything here is public: the page itself
 * asks the API who is signed in. Returns how to answer with the page, or undefined without a build.
 */
export async function registerStaticRoutes(app: FastifyInstance, options: { staticDir: string | undefined; preCompressed: boolean }): Promise<SendPage | undefined> {
  const { staticDir } = options;
  if (staticDir === undefined || !fs.existsSync(path.join(staticDir, 'index.html'))) return undefined;
  const root = path.resolve(staticDir);
  await app.register(fastifyStatic, {
    root,
    // The routes are declared below, with their permission, instead of by the plugin.
    serve: false,
    preCompressed: options.preCompressed,
    index: false,
    dotfiles: 'ignore',
    // Runs only for a file that is found (a missing asset — an old hash after a deploy — must
    // not be remembered for a year); `file` is the file sent, `x.js.br` for `x.js`.
    cacheControl: false,
    setHeaders(response, file) {
      const [top, ...below] = path.relative(root, file).split(path.sep);
      const page = below.length === 0 && /^index\.html(\.br|\.gz)?$/.test(top ?? '');
      response.setHeader('cache-control', top === 'assets' && below.length > 0 ? HASHED_ASSET_CACHE : page ? PAGE_CACHE : PUBLIC_FILE_CACHE);
      // The same URL answers differently per Accept-Encoding: caches must key on it.
      response.setHeader('vary', 'accept-encoding');
    },
  });

  // The handlers are plain functions that return nothing: the file sender answers when the file
  // is read (returning the reply from an async handler would only add a listener per request).
  const sendPage: SendPage = (reply) => {
    reply.sendFile('index.html');
  };
  const route = { config: { permission: 'public' as const }, compress: false as const };
  app.get('/', route, (_request, reply) => sendPage(reply));
  app.get('/*', route, (request, reply) => {
    const file = filePath(request.url);
    // The API's unknown URLs are never files; they get the API's JSON 404.
    if (file === undefined || file.startsWith('/api/')) reply.callNotFound();
    else reply.sendFile(file);
  });
  return sendPage;
}

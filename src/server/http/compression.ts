import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Answers smaller than this go out as they are: compressing them saves less than it costs. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * Compresses answers of at least 1 KB with brotli or gzip when the client accepts it. Register it
 * before the routes: it attaches itself to each route as the route is declared. The live stream
 * is never compressed (it writes to the socket itself, and text/event-stream is not a
 * compressible type, so nothing would hold events back in a compressor's buffer); the built
 * files are sent pre-compressed instead (static-routes.ts). Request bodies are not decompressed:
 * senders post plain JSON and the body limit counts the bytes as sent.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], threshold: COMPRESS_THRESHOLD_BYTES, globalDecompression: false });
}

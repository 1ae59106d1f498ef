import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DatabaseHandle } from '../db/database';
import type { LiveHub } from '../events/live-hub';
import { REPLAY_PAGE, eventsAfter, latestSeq } from '../services/live-replay';

/** The `Last-Event-ID` header (what EventSource sends) or `?lastEventId=` (for a fresh EventSource). */
function resumePoint(header: string | string[] | undefined, query: unknown): number | undefined {
  const fromQuery = (query as { lastEventId?: string } | undefined)?.lastEventId;
  const raw = (Array.isArray(header) ? header[0] : header) ?? fromQuery;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export function registerLiveRoutes(app: FastifyInstance, deps: { handle: DatabaseHandle; hub: LiveHub; headers: (request: FastifyRequest) => Record<string, string> }): void {
  app.get('/api/v1/events', { config: { permission: 'read' } }, async (request, reply) => {
    const resumeFrom = resumePoint(request.headers['last-event-id'], request.query);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...deps.headers(request),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n\n');
    // Subscribe before reading the log, so nothing committed in between can fall through.
    const { userId, sessionHash, tokenId } = request.caller;
    const subscription = deps.hub.subscribe(raw, { userId, sessionHash, tokenId });
    try {
      if (resumeFrom === undefined) {
        const seq = await latestSeq(deps.handle);
        // A fresh client learns where it stands, so its first reconnect already resumes.
        subscription.write(`event: ready\nid: ${seq}\ndata: ${JSON.stringify({ seq, resumed: false })}\n\n`);
        subscription.goLive(seq);
        return;
      }
      let cursor = resumeFrom;
      for (;;) {
        const page = await eventsAfter(deps.handle, cursor, REPLAY_PAGE);
        if (page.length === 0) break;
        subscription.replay(page);
        cursor = page[page.length - 1]!.seq;
        if (page.length < REPLAY_PAGE || raw.destroyed) break;
      }
      subscription.write(`event: ready\nid: ${cursor}\ndata: ${JSON.stringify({ seq: cursor, resumed: true })}\n\n`);
      subscription.goLive(cursor);
    } catch (error) {
      request.log.error({ err: error }, 'live stream replay failed');
      raw.destroy();
    }
  });
}

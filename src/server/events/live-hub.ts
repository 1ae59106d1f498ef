import type { ServerResponse } from 'node:http';
import type { LiveEvent } from '../../contracts/live';

export type LiveHubOptions = {
  /** Under load, frames go out at most this often per client (ms). */
  coalesceMs: number;
  heartbeatMs: number;
  /** A client whose unsent bytes exceed this has stopped reading and is dropped. */
  maxBufferedBytes: number;
};

/** Who opened a stream: what revoking access matches against. */
export type StreamOwner = { userId?: string | null | undefined; sessionHash?: string | undefined; tokenId?: string | undefined };

/** Streams to end: those opened by any of these sessions, tokens or people. */
export type RevokedStreams = { sessionHashes?: readonly string[]; tokenIds?: readonly string[]; userIds?: readonly string[] };

export const DEFAULT_LIVE_HUB_OPTIONS: LiveHubOptions = { coalesceMs: 50, heartbeatMs: 15_000, maxBufferedBytes: 4 * 1024 * 1024 };

/** One SSE message; serialised once per event however many clients receive it. */
export function formatSseMessage(event: LiveEvent): string {
  return `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`;
}

class LiveClient {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** While replaying history, live events are held back, then only those after it are sent. */
  private holding: LiveEvent[] | undefined = [];
  private lastSentSeq = 0;
  closed = false;

  constructor(
    readonly response: ServerResponse,
    private readonly options: LiveHubOptions,
    private readonly onDrop: (client: LiveClient) => void,
    readonly owner: StreamOwner,
  ) {}

  /** Writes directly, bypassing coalescing: the replay and control messages. */
  writeNow(text: string): void {
    if (this.closed) return;
    const behind = this.response.writableLength;
    this.response.write(text);
    if (behind > this.options.maxBufferedBytes) this.onDrop(this);
  }

  /** Sends replayed history; remembers the last sequence so held live events are not sent twice. */
  replay(events: readonly LiveEvent[]): void {
    if (events.length === 0) return;
    this.writeNow(events.map(formatSseMessage).join(''));
    this.lastSentSeq = events[events.length - 1]!.seq;
  }

  /** Ends the replay: releases held live events newer than anything already sent. */
  goLive(afterSeq: number): void {
    this.lastSentSeq = Math.max(this.lastSentSeq, afterSeq);
    const held = this.holding ?? [];
    this.holding = undefined;
    this.offer(held.filter((event) => event.seq > this.lastSentSeq), new Map());
  }

  offer(events: readonly LiveEvent[], cache: Map<LiveEvent, string>): void {
    if (this.closed || events.length === 0) return;
    if (this.holding) {
      this.holding.push(...events);
      return;
    }
    for (const event of events) {
      if (event.seq <= this.lastSentSeq) continue;
      let text = cache.get(event);
      if (text === undefined) {
        text = formatSseMessage(event);
        cache.set(event, text);
      }
      this.pending.push(text);
      this.lastSentSeq = event.seq;
    }
    this.schedule();
  }

  /**
   * Coalescing without reading the clock: an idle client gets its frame at once, which opens a
   * window of `coalesceMs`; what arrives inside the window goes out together when it ends (and
   * opens the next one), and a window that ends with nothing to send closes. This is pure I/O
   * pacing on Node's monotonic timers, not the server's time: no rule depends on it and a test
   * clock must not hold live frames back, so it does not go through the clock port.
   */
  private schedule(): void {
    if (this.timer || this.pending.length === 0) return;
    this.flush();
  }

  private flush(): void {
    if (this.closed || this.pending.length === 0) return;
    const frame = this.pending.join('');
    this.pending = [];
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.options.coalesceMs);
    // Judge the client by what it had not yet taken before this frame: one large frame during a
    // burst is not a sign of a stalled reader.
    const behind = this.response.writableLength;
    this.response.write(frame);
    if (behind > this.options.maxBufferedBytes) this.onDrop(this);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.pending = [];
    this.holding = undefined;
  }
}

export type LiveSubscription = {
  replay(events: readonly LiveEvent[]): void;
  goLive(afterSeq: number): void;
  write(text: string): void;
};

/**
 * Fans committed events out to SSE clients. Writes never wait for a client: each client has its
 * own buffer, flushed at once when it has been quiet and every `coalesceMs` under load, and a
 * client that stops reading is disconnected instead of holding memory or slowing the rest.
 */
export class LiveHub {
  private readonly clients = new Set<LiveClient>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: LiveHubOptions = DEFAULT_LIVE_HUB_OPTIONS) {
    // Keep-alive for proxies, like coalescing a matter of I/O pacing rather than the server's time.
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.writeNow(': heartbeat\n\n');
    }, options.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Registers a response that has already been sent SSE headers. Live events are held until `goLive`. */
  subscribe(response: ServerResponse, owner: StreamOwner = {}): LiveSubscription {
    const client = new LiveClient(response, this.options, (dropped) => this.drop(dropped), owner);
    this.clients.add(client);
    response.on('close', () => {
      client.close();
      this.clients.delete(client);
    });
    return {
      replay: (events) => client.replay(events),
      goLive: (afterSeq) => client.goLive(afterSeq),
      write: (text) => client.writeNow(text),
    };
  }

  publish(events: readonly LiveEvent[]): void {
    const cache = new Map<LiveEvent, string>();
    for (const client of this.clients) client.offer(events, cache);
  }

  private drop(client: LiveClient): void {
    client.close();
    this.clients.delete(client);
    client.response.destroy();
  }

  /**
   * Ends at once the streams opened by these sessions, API tokens or people: signed out, revoked,
   * or a role changed (the client reconnects and is judged again). A stream must never outlive
   * the access it was opened with.
   */
  closeStreams(revoked: RevokedStreams): void {
    const sessions = new Set(revoked.sessionHashes ?? []);
    const tokens = new Set(revoked.tokenIds ?? []);
    const users = new Set(revoked.userIds ?? []);
    for (const client of this.clients) {
      const { sessionHash, tokenId, userId } = client.owner;
      if ((sessionHash && sessions.has(sessionHash)) || (tokenId && tokens.has(tokenId)) || (userId && users.has(userId))) {
        client.close();
        this.clients.delete(client);
        client.response.end();
      }
    }
  }

  /** Ends every stream (at shutdown) so the server can finish closing. */
  closeAll(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) {
      client.close();
      client.response.end();
    }
    this.clients.clear();
  }
}

import http from 'node:http';

export type SseMessage = { id: string | undefined; event: string; data: string };

/**
 * A minimal text/event-stream reader over real HTTP, so tests see exactly the bytes a browser
 * would: messages, ids and the socket chunks they arrived in (to observe coalescing).
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  /** Number of socket chunks that carried at least one message. */
  chunksWithMessages = 0;
  ended = false;
  private buffer = '';
  private request: http.ClientRequest | undefined;
  private waiters: Array<() => void> = [];

  static connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      client.request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`SSE connect failed: ${response.statusCode}`));
          return;
        }
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => client.receive(chunk));
        response.on('end', () => {
          client.ended = true;
          client.notify();
        });
        response.on('error', () => undefined);
        resolve(client);
      });
      client.request.on('error', (error) => (client.ended ? undefined : reject(error)));
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let boundary: number;
    let sawMessage = false;
    while ((boundary = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      let isComment = true;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          this.comments.push(line.slice(1).trim());
          continue;
        }
        isComment = false;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (!isComment && data.length > 0) {
        this.messages.push({ id, event, data: data.join('\n') });
        sawMessage = true;
      }
    }
    if (sawMessage) this.chunksWithMessages += 1;
    this.notify();
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** The data messages (not `ready`), parsed. */
  events<T = { seq: number; kind: string; incidentId: string | null; incident?: Record<string, unknown> }>(): T[] {
    return this.messages.filter((m) => m.event === 'message').map((m) => JSON.parse(m.data) as T);
  }

  /** Waits until `predicate` holds (checked on every chunk) or fails after `timeoutMs`. */
  async waitFor(predicate: (client: SseClient) => boolean, timeoutMs = 5000): Promise<void> {
    // A guard against a hung socket (real I/O), so one real timer rather than the clock port.
    let timedOut = false;
    let wake: (() => void) | undefined;
    const guard = setTimeout(() => {
      timedOut = true;
      wake?.();
    }, timeoutMs);
    try {
      while (!predicate(this)) {
        if (timedOut) throw new Error(`timed out waiting; have ${this.messages.length} messages`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          this.waiters.push(resolve);
        });
      }
    } finally {
      clearTimeout(guard);
    }
  }

  close(): void {
    this.request?.destroy();
  }
}

import { OutboundRefused, guardedRequest } from './guarded-http';
import type { GuardedHttpOptions } from './guarded-http';
import { permanentFailure, retryableFailure } from './senders';
import type { SendResult } from './senders';

/**
 * POSTs a JSON body through the guarded client and says how it went, for chat mirrors and status
 * webhook subscribers: 2xx → sent; 408, 429 and 5xx → retryable; another answer → permanent
 * with its status and the start of its body; a refused address (not http(s), private) →
 * permanent; DNS failures and no answer → retryable. The URL is a secret (a chat webhook lets
 * anyone post): no outcome names it.
 */
export async function postJsonEffect(url: string, body: unknown, headers: Record<string, string>, http: Omit<GuardedHttpOptions, 'signal'>, signal: AbortSignal): Promise<SendResult> {
  try {
    const response = await guardedRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Firewatch/1', ...headers }, body: JSON.stringify(body) }, { ...http, signal });
    if (response.status >= 200 && response.status < 300) return { ok: true };
    const answer = `HTTP ${response.status}${response.body.trim() === '' ? '' : `: ${response.body.trim().slice(0, 200)}`}`;
    return response.status === 408 || response.status === 429 || response.status >= 500 ? retryableFailure(answer) : permanentFailure(answer);
  } catch (error) {
    if (error instanceof OutboundRefused) {
      const retryable = error.reason === 'unresolvable' || error.reason === 'timeout';
      // The refusal's message names the host, which is part of the secret URL only in its path: keep the reason alone.
      const text = `not delivered: ${error.reason.replaceAll('_', ' ')}`;
      return retryable ? retryableFailure(text) : permanentFailure(text);
    }
    return retryableFailure(`unreachable: ${(error as { code?: string }).code ?? 'network error'}`);
  }
}

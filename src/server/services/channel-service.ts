import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { ChannelStateDto } from '../../contracts/escalation';
import { contactMethodInputSchema } from '../../contracts/people';
import type { ContactChannel } from '../../domain/escalation/model';
import { maskAddress } from '../../domain/escalation/mask';
import { MINUTE_MS, epochMs, toIsoUtc } from '../../domain/time/instant';
import type { DatabaseHandle } from '../db/database';
import type { WriteQueue } from '../db/write-queue';
import type { PagePayload } from '../notify/page-message';
import type { SendResult, Sender } from '../notify/senders';
import type { Caller } from './caller';
import { audit } from './caller';
import type { Clock } from './clock';
import { Problem } from './problem';

/** A verification code lasts 10 minutes, allows 5 guesses, and a new one can be asked for every 30 s. */
export const VERIFICATION = { ttlMs: 10 * MINUTE_MS, attempts: 5, resendAfterMs: 30_000, sendTimeoutMs: 10_000 } as const;

function codeHash(contactMethodId: string, code: string): string {
  return createHash('sha256').update(`${contactMethodId}:${code}`).digest('hex');
}

export type ChannelService = ReturnType<typeof createChannelService>;

/**
 * Sends that a person waits for on the screen (a test message, a verification code): sent
 * directly with the 10 s deadline instead of through the outbox, and answered with the outcome.
 * The code is never stored, only its hash, so it cannot sit in an outbox row either.
 */
export function createChannelService(deps: { handle: DatabaseHandle; writes: WriteQueue; clock: Clock; states: () => ChannelStateDto[]; channels: ReadonlyMap<ContactChannel, Sender>; publicUrl: string }) {
  const { handle, writes, clock } = deps;

  async function sendNow(channel: ContactChannel, payload: PagePayload): Promise<SendResult> {
    const send = deps.channels.get(channel);
    if (!send) return { ok: false, retryable: false, error: `not configured: ${deps.states().find((state) => state.channel === channel)?.detail ?? 'no settings'}` };
    const controller = new AbortController();
    const deadline = clock.setTimer(epochMs(clock.now() + VERIFICATION.sendTimeoutMs), () => controller.abort(new Error('no answer within 10 s')));
    try {
      return await send(payload, controller.signal);
    } catch (error) {
      return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
    } finally {
      deadline();
    }
  }

  function message(channel: ContactChannel, to: string, kind: 'test' | 'verification', recipientName: string, verificationCode?: string): PagePayload {
    const base = deps.publicUrl.replace(/\/$/, '');
    return {
      pageId: `${kind}-${clock.now()}`,
      channel,
      to,
      incident: { id: kind === 'test' ? 'TEST' : 'VERIFY', title: kind === 'test' ? 'Test message from Firewatch' : 'Verify this contact method', severity: 'P4', service: 'Firewatch', url: `${base}/profile` },
      ackUrl: `${base}/profile`,
      ackCode: null,
      bundled: [],
      recipientName,
      kind,
      ...(verificationCode ? { verificationCode } : {}),
    };
  }

  return {
    states: () => deps.states(),

    /** An admin checks a channel end to end. The address is checked as a contact method's would be. */
    async sendTest(channel: ContactChannel, to: string, caller: Caller): Promise<{ channel: ContactChannel; sent: boolean; error: string | null }> {
      const parsed = contactMethodInputSchema.safeParse({ kind: channel, address: to });
      if (!parsed.success) throw new Problem(400, 'invalid_request', `to ${parsed.error.issues[0]?.message ?? 'is not an address'}`, [{ field: 'to', problem: parsed.error.issues[0]?.message ?? 'is not an address' }]);
      const result = await sendNow(channel, message(channel, parsed.data.address, 'test', caller.name));
      await writes.run(({ trx }) => audit(trx, { at: clock.now(), caller, action: 'channel.tested', targetType: 'channel', targetId: channel, after: { to: maskAddress(channel, parsed.data.address), sent: result.ok } }));
      return { channel, sent: result.ok, error: result.ok ? null : result.error };
    },

    /** Sends a 6-digit code over one of the caller's contact methods. */
    async startVerification(caller: Caller, contactMethodId: string): Promise<{ contactMethodId: string; sentTo: string; expiresAt: string }> {
      const method = await handle.db.selectFrom('contact_methods').selectAll().where('id', '=', contactMethodId).where('user_id', '=', caller.userId ?? '').executeTakeFirst();
      if (!method) throw Problem.notFound(`contact method ${contactMethodId}`);
      const channel = method.kind as ContactChannel;
      if (!deps.channels.has(channel)) throw new Problem(409, 'channel_not_configured', `${channel} is not configured on this Firewatch; ask an admin (see docs/channels.md)`);
      const now = clock.now();
      const previous = await handle.db.selectFrom('contact_verifications').selectAll().where('contact_method_id', '=', method.id).executeTakeFirst();
      if (previous && now - previous.created_at < VERIFICATION.resendAfterMs) {
        const wait = Math.ceil((VERIFICATION.resendAfterMs - (now - previous.created_at)) / 1000);
        throw new Problem(429, 'too_soon', `A code was sent moments ago; ask again in ${wait} s`, undefined, { 'retry-after': String(wait) });
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = now + VERIFICATION.ttlMs;
      await writes.run(({ trx }) =>
        trx
          .insertInto('contact_verifications')
          .values({ contact_method_id: method.id, code_hash: codeHash(method.id, code), attempts: 0, created_at: now, expires_at: expiresAt })
          .onConflict((oc) => oc.column('contact_method_id').doUpdateSet({ code_hash: codeHash(method.id, code), attempts: 0, created_at: now, expires_at: expiresAt }))
          .execute(),
      );
      const result = await sendNow(channel, message(channel, method.address, 'verification', caller.name, code));
      if (!result.ok) throw new Problem(502, 'send_failed', `The code could not be sent: ${result.error}`);
      return { contactMethodId: method.id, sentTo: maskAddress(channel, method.address), expiresAt: toIsoUtc(epochMs(expiresAt)) };
    },

    /** Checks a code; the method is verified on a match. Wrong codes count; after 5 a new code is needed. */
    async verify(caller: Caller, contactMethodId: string, code: string): Promise<void> {
      await writes.run(async ({ trx }) => {
        const method = await trx.selectFrom('contact_methods').selectAll().where('id', '=', contactMethodId).where('user_id', '=', caller.userId ?? '').executeTakeFirst();
        if (!method) throw Problem.notFound(`contact method ${contactMethodId}`);
        const pending = await trx.selectFrom('contact_verifications').selectAll().where('contact_method_id', '=', method.id).executeTakeFirst();
        const now = clock.now();
        if (!pending || pending.expires_at <= now) throw new Problem(400, 'invalid_request', 'code has expired or was never sent; send a new one', [{ field: 'code', problem: 'has expired or was never sent; send a new one' }]);
        if (pending.attempts >= VERIFICATION.attempts) throw new Problem(429, 'too_many_attempts', 'Too many wrong codes; send a new one');
        const expected = Buffer.from(pending.code_hash);
        const given = Buffer.from(codeHash(method.id, code));
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
          await trx.updateTable('contact_verifications').set({ attempts: pending.attempts + 1 }).where('contact_method_id', '=', method.id).execute();
          // The count must survive the refusal: it is committed, and the 400 is answered afterwards.
          return 'wrong';
        }
        await trx.updateTable('contact_methods').set({ verified: 1 }).where('id', '=', method.id).execute();
        await trx.deleteFrom('contact_verifications').where('contact_method_id', '=', method.id).execute();
        await audit(trx, { at: now, caller, action: 'contact_method.verified', targetType: 'contact_method', targetId: method.id, after: { kind: method.kind, address: maskAddress(method.kind as ContactChannel, method.address) } });
        return 'ok';
      }).then((outcome) => {
        if (outcome === 'wrong') throw new Problem(400, 'invalid_request', 'code does not match', [{ field: 'code', problem: 'does not match' }]);
      });
    },
  };
}

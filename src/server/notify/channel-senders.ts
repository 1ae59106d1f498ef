import type { ContactChannel } from '../../domain/escalation/model';
import type { Clock } from '../services/clock';
import type { ChannelConfig } from './channel-config';
import type { Sender } from './senders';
import { createSmtpSender } from './smtp-sender';
import { createTwilioSmsSender, createTwilioVoiceSender } from './twilio-sender';
import { createWebhookSender } from './webhook-sender';

/**
 * A sender for every configured channel, and nothing for the others: a page on a channel without
 * a sender is skipped by the engine (it asks `configured`) and says so on the timeline.
 */
export function channelSenders(config: ChannelConfig, clock: Clock, allowPrivate: boolean): { senders: ReadonlyMap<ContactChannel, Sender>; close(): void } {
  const senders = new Map<ContactChannel, Sender>();
  const smtp = config.smtp ? createSmtpSender(config.smtp) : undefined;
  if (smtp) senders.set('email', smtp);
  if (config.twilio) {
    const options = { twilio: config.twilio, publicUrl: config.publicUrl };
    senders.set('sms', createTwilioSmsSender(options));
    senders.set('voice', createTwilioVoiceSender(options));
  }
  if (config.webhook) senders.set('webhook', createWebhookSender({ secret: config.webhook.secret, clock, http: { allowPrivate } }));
  return { senders, close: () => smtp?.close() };
}

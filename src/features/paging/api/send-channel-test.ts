import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ChannelStateDto, channelTestResultSchema } from '../../../contracts/escalation';
import { apiRequest } from '../../../lib/api-client';

export type ChannelTestResult = z.infer<typeof channelTestResultSchema>;

/** Sends a test message; a provider's refusal comes back as `sent: false` with its words, not as an error. */
export function sendChannelTest({ channel, to }: { channel: ChannelStateDto['channel']; to: string }): Promise<ChannelTestResult> {
  return apiRequest<ChannelTestResult>(`/api/v1/admin/channels/${encodeURIComponent(channel)}/test`, { method: 'POST', body: { to } });
}

export function useSendChannelTest() {
  return useMutation({ mutationFn: sendChannelTest });
}

import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { verificationSentSchema } from '../../../contracts/escalation';
import { apiRequest } from '../../../lib/api-client';

export type VerificationSent = z.infer<typeof verificationSentSchema>;

/** Sends a fresh code over the contact method itself: receiving it proves the address reaches the person. */
export function sendVerification({ contactMethodId }: { contactMethodId: string }): Promise<VerificationSent> {
  return apiRequest<VerificationSent>(`/api/v1/me/contact-methods/${encodeURIComponent(contactMethodId)}/verification`, { method: 'POST' });
}

export function useSendVerification() {
  return useMutation({ mutationFn: sendVerification });
}

import { describe, expect, it } from 'vitest';
import { maskAddress } from './mask';

describe('masked addresses: enough to recognise, not enough to use', () => {
  it.each([
    ['sms', '+15550100123', '+1•••••0123'],
    ['voice', '+1 (555) 010-0123', '+1•••••0123'],
    ['sms', '+4915112345678', '+49•••••5678'],
    ['sms', '+79161234567', '+7•••••4567'],
    ['sms', '+353861234567', '+35•••••4567'],
    ['sms', '0123', '•••••23'],
    ['email', 'priya@example.com', 'p•••@example.com'],
    ['email', 'not-an-address', '•••'],
    ['webhook', 'https://hooks.example.com/services/T000/B000/XXXXSECRET', 'https://hooks.example.com/…'],
    ['webhook', 'HTTPS://user:secret@Hooks.Example.com:8443/x?token=1', 'https://hooks.example.com/…'],
    ['webhook', 'not a url', '•••'],
  ] as const)('%s %s → %s', (kind, address, masked) => {
    expect(maskAddress(kind, address)).toBe(masked);
  });

  it('shows the same number of dots whatever the length of the number', () => {
    expect(maskAddress('sms', '+12025550123').length).toBe(maskAddress('sms', '+1202555012345').length);
  });
});

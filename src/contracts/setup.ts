import { z } from 'zod';
import { roleSchema } from './people';

export const demoAccountSchema = z.object({ name: z.string(), email: z.string(), role: roleSchema, password: z.string() });
export type DemoAccount = z.infer<typeof demoAccountSchema>;

/** `GET /api/v1/setup`: what the first-run screens need to know. */
export const setupStatusSchema = z.object({
  /** Nobody exists yet: the first visitor creates the administrator. */
  needsAdmin: z.boolean(),
  /** True until the first service exists: the UI offers the welcome screen. */
  empty: z.boolean(),
  demoLoaded: z.boolean(),
  /** The server runs with FIREWATCH_DEMO=1: demo accounts have a known password. */
  demoMode: z.boolean(),
  /** Only in demo mode, where showing the password is the point. */
  demoAccounts: z.array(demoAccountSchema),
});
export type SetupStatus = z.infer<typeof setupStatusSchema>;

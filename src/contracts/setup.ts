import { z } from 'zod';

export const setupStatusSchema = z.object({
  /** True until the first service exists: the UI offers the first-run screen. */
  empty: z.boolean(),
  demoLoaded: z.boolean(),
});
export type SetupStatus = z.infer<typeof setupStatusSchema>;

export const personSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), timeZone: z.string() });
export type PersonDto = z.infer<typeof personSchema>;

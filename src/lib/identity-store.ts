import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/**
 * Accounts do not exist yet, so people name themselves and the name is sent as `actor` with each
 * change. `asked` remembers that the person already answered the inline prompt (possibly by
 * choosing to stay anonymous) so it is not shown again.
 */
type IdentityState = {
  name: string;
  asked: boolean;
  setName: (name: string) => void;
  markAsked: () => void;
};

const initial = { name: '', asked: false };

export const useIdentityStore = create<IdentityState>()(
  persist(
    (set) => ({
      ...initial,
      setName: (name) => set({ name: name.trim().slice(0, 100), asked: true }),
      markAsked: () => set({ asked: true }),
    }),
    { name: 'firewatch.identity', storage: createJSONStorage(() => localStorage), partialize: ({ name, asked }) => ({ name, asked }) },
  ),
);

export function resetIdentityStore(): void {
  useIdentityStore.setState(initial);
}

/** The `actor` to send: the chosen name, or nothing so the server records "Anonymous". */
export function currentActor(): string | undefined {
  const name = useIdentityStore.getState().name.trim();
  return name === '' ? undefined : name;
}

import { create } from 'zustand';
import type { Proposal } from './calendar-lanes';
import { sameProposal } from './calendar-lanes';

/**
 * What is being dragged right now (UI state only, never server data). Only the final lane and the
 * dragged bar subscribe, so a pointer move re-renders them alone, and only when the snapped
 * proposal actually changes (once per quarter hour crossed, not once per pixel).
 */
type DragState = { proposal: Proposal | null; propose: (next: Proposal | null) => void };

export const useDragStore = create<DragState>((set, get) => ({
  proposal: null,
  propose: (next) => {
    if (!sameProposal(get().proposal, next)) set({ proposal: next });
  },
}));

import type { PagingState, Phase } from '../../../domain/incident/lifecycle';
import type { Severity } from '../../../domain/incident/severity';
import { PHASE_LABELS, STATE_LABELS } from '../model/labels';

// Colours chosen for WCAG AA with their text colour: amber needs dark text, the others white.
export const SEVERITY_STYLES: Record<Severity, { badge: string; edge: string }> = {
  P1: { badge: 'bg-red-700 text-white', edge: 'border-l-red-700' },
  P2: { badge: 'bg-orange-700 text-white', edge: 'border-l-orange-600' },
  P3: { badge: 'bg-amber-300 text-slate-900', edge: 'border-l-amber-400' },
  P4: { badge: 'bg-slate-600 text-white', edge: 'border-l-slate-400' },
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`inline-flex min-w-8 justify-center rounded px-1.5 py-0.5 text-xs font-bold tabular-nums ${SEVERITY_STYLES[severity].badge}`} title={`Severity ${severity}`}>
      {severity}
    </span>
  );
}

const STATE_STYLES: Record<PagingState, string> = {
  triggered: 'bg-red-50 text-red-800 ring-red-200',
  acknowledged: 'bg-blue-50 text-blue-800 ring-blue-200',
  resolved: 'bg-green-50 text-green-800 ring-green-200',
};

export function StateBadge({ state }: { state: PagingState }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATE_STYLES[state]}`}>
      <span aria-hidden="true" className={`size-1.5 rounded-full ${state === 'triggered' ? 'bg-red-600' : state === 'acknowledged' ? 'bg-blue-600' : 'bg-green-600'}`} />
      {STATE_LABELS[state]}
    </span>
  );
}

export function PhaseBadge({ phase }: { phase: Phase }) {
  return <span className="inline-flex rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-200">{PHASE_LABELS[phase]}</span>;
}

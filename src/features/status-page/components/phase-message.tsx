import { useRef } from 'react';
import type { Phase } from '../../../domain/incident/lifecycle';
import { PHASES } from '../../../domain/incident/lifecycle';
import { PHASE_LABELS } from '../../../domain/status-page/templates';
import { Field, inputClass } from '../../../shared/components/field';

/**
 * The phase select and the message, with the template rule in one place: switching the phase
 * swaps the message for the new phase's template unless the author has written their own.
 */
export function PhaseMessage({
  phase,
  message,
  templates,
  onChange,
  phaseError,
  messageError,
}: {
  phase: Phase;
  message: string;
  templates: (phase: Phase) => string;
  onChange: (next: { phase: Phase; message: string }) => void;
  phaseError?: string | undefined;
  messageError?: string | undefined;
}) {
  const edited = useRef(false);
  return (
    <>
      <Field label="Phase" error={phaseError}>
        {(props) => (
          <select
            {...props}
            className={inputClass}
            value={phase}
            onChange={(e) => {
              const next = e.target.value as Phase;
              onChange({ phase: next, message: edited.current ? message : templates(next) });
            }}
          >
            {PHASES.map((p) => (
              <option key={p} value={p}>
                {PHASE_LABELS[p]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Message" error={messageError} hint="What customers read. Switching the phase replaces it with that phase's template until you edit it.">
        {(props) => (
          <textarea
            {...props}
            rows={4}
            className={inputClass}
            value={message}
            onChange={(e) => {
              edited.current = true;
              onChange({ phase, message: e.target.value });
            }}
          />
        )}
      </Field>
    </>
  );
}

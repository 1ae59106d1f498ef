import { SEVERITIES } from '../../../domain/incident/severity';
import { severityLabel } from '../model/labels';

/** The `<option>`s of a severity select, most urgent first. */
export function SeverityOptions() {
  return SEVERITIES.map((value) => (
    <option key={value} value={value}>
      {severityLabel(value)}
    </option>
  ));
}

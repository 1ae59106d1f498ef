import { CURSOR_PROBLEM } from '../../contracts/pagination';
import { Problem } from './problem';

/** A cursor that no page of this list handed out (malformed, forged, or from another list): 400 naming `cursor`. */
export function badCursor(): Problem {
  return new Problem(400, 'invalid_request', `cursor ${CURSOR_PROBLEM}`, [{ field: 'cursor', problem: CURSOR_PROBLEM }]);
}

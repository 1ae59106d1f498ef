/**
 * How deeply a request body may nest objects and arrays, counting the body itself: `{"a": {}}`
 * is 2 levels. Real alerts nest a handful of levels; anything near this is an attack, and
 * recursive code (JSON.stringify when the alert is stored, zod, the log) would overflow the
 * stack on it long before the body limit is reached.
 */
export const MAX_JSON_DEPTH = 32;

/** How many path segments an error names before it elides the rest. */
const SHOWN_SEGMENTS = 6;

type Frame = { array: boolean; index: number; keyStart: number; keyEnd: number; expectKey: boolean };

function keyAt(text: string, frame: Frame): string {
  try {
    return String(JSON.parse(text.slice(frame.keyStart, frame.keyEnd + 1)));
  } catch {
    return '?';
  }
}

/** Renders a path the way clients name fields: `payload.custom_details.a`, `alerts[0].annotations`. */
function render(segments: Array<string | number>): string {
  let name = '';
  for (const part of segments.slice(0, SHOWN_SEGMENTS)) {
    if (typeof part === 'number') name += `[${part}]`;
    else name += name ? `.${part}` : part;
  }
  return (name || '(body)') + (segments.length > SHOWN_SEGMENTS ? '…' : '');
}

/**
 * Scans JSON text for nesting deeper than `max` without parsing it and without recursion, so
 * it is safe on any input (brackets inside strings do not count). Returns the field holding the
 * first container that is too deep (its first segments), or undefined when the text is within
 * the limit. Malformed text is left to JSON.parse to report.
 */
export function findTooDeep(text: string, max = MAX_JSON_DEPTH): string | undefined {
  const stack: Frame[] = [];
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      i++;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        top.keyStart = start;
        top.keyEnd = i;
        top.expectKey = false;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= max) {
        const segments = stack.map((frame) => (frame.array ? frame.index : keyAt(text, frame)));
        return render(segments);
      }
      stack.push({ array: c === 0x5b, index: 0, keyStart: -1, keyEnd: -1, expectKey: c === 0x7b });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
    }
  }
  return undefined;
}

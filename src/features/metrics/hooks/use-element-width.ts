import { useLayoutEffect, useRef, useState } from 'react';

/**
 * The width of a box, followed as it resizes (a phone turned, a window narrowed), so a chart is
 * drawn once at the size it gets. Null until measured: the measurement happens before the first
 * paint, so waiting for it costs nothing visible and spares drawing every chart twice. Where nothing
 * is laid out (jsdom), `fallback` stands in.
 */
export function useElementWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => {
      const measured = element.clientWidth;
      setWidth(measured > 0 ? measured : fallback);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width] as const;
}

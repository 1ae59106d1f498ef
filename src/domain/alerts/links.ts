/**
 * Schemes an alert's link may use to become a clickable link. Anything else (`javascript:`,
 * `data:`, `vbscript:`, `file:`, relative or protocol-relative URLs) runs code or goes somewhere
 * the sender did not name, so it is never a link.
 */
const SAFE_LINK = /^(?:https?:\/\/[^/?#]|mailto:.)/i;

/** Spaces and control characters: browsers strip or drop them, so `java\tscript:` reads as `javascript:`. */
// eslint-disable-next-line no-control-regex -- the C0 controls (and DEL) are exactly what must not appear
const SPACE_OR_CONTROL = /[\u0000-\u0020\u007f]/;

/**
 * Whether `href` may be rendered as a link: an http(s) URL with a host, or mailto — and nothing
 * a browser would read differently (no spaces or control characters anywhere).
 */
export function isSafeLinkHref(href: string): boolean {
  return !SPACE_OR_CONTROL.test(href) && SAFE_LINK.test(href);
}

/**
 * The links that may be rendered as links, in order. Ingestion keeps only these: an unsafe href
 * is dropped (the alert itself is kept), so nothing clickable-but-dangerous is ever stored.
 */
export function safeLinks<T extends { href: string }>(links: readonly T[]): T[] {
  return links.filter((link) => isSafeLinkHref(link.href));
}

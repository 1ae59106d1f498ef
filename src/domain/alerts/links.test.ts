import { describe, expect, it } from 'vitest';
import { isSafeLinkHref } from './links';

describe('which alert links may become links', () => {
  it.each(['https://grafana.example/d/abc?from=now-1h', 'http://prometheus:9090/graph?g0.expr=up', 'HTTPS://EXAMPLE.COM', 'mailto:oncall@example.com'])('accepts %s', (href) => {
    expect(isSafeLinkHref(href)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/path',
    '/relative/path',
    'https://',
    'https:evil.example',
    'mailto:',
    'https://exa mple.com',
    '',
  ])('refuses %j', (href) => {
    expect(isSafeLinkHref(href)).toBe(false);
  });
});

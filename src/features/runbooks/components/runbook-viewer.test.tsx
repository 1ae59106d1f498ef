import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { stepIdForLine } from '../../../domain/runbook/document';
import { DB_POOL } from '../../../testing/runbook-samples';
import RunbookViewer from './runbook-viewer';

describe('runbook viewer', () => {
  it('renders task items and numbered steps as labelled checkboxes, and ticks them in the tab when nothing stores them', async () => {
    const user = userEvent.setup();
    render(<RunbookViewer body={DB_POOL} label="DB pool" />);
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes).toHaveLength(5);
    const count = screen.getByRole('checkbox', { name: 'Count the open connections on the primary' });
    expect(screen.getByRole('checkbox', { name: 'Restart the checkout pods' })).not.toBeChecked();
    await user.click(count);
    expect(count).toBeChecked();
  });

  it('keys each checkbox by the domain step id of its line and hands ticks to the run', async () => {
    const user = userEvent.setup();
    const onToggle = vi.fn();
    const line = DB_POOL.split('\n').indexOf('1. Restart the checkout pods') + 1;
    render(<RunbookViewer body={DB_POOL} label="DB pool" steps={new Map([[stepIdForLine(line), { checked: true, by: { name: 'Diego Alvarez' }, at: '2026-12-01T02:33:00Z' }]])} onToggle={onToggle} zone="UTC" />);
    const restart = screen.getByRole('checkbox', { name: 'Restart the checkout pods' });
    expect(restart).toBeChecked();
    expect(restart.closest('li')).toHaveTextContent('Diego · 02:33');
    await user.click(screen.getByRole('checkbox', { name: 'Watch the pool drain on the dashboard' }));
    expect(onToggle).toHaveBeenCalledWith(stepIdForLine(line + 1), true);
  });

  it('puts a copy button on code blocks that copies the exact command', async () => {
    const user = userEvent.setup();
    const onCopy = vi.fn();
    render(<RunbookViewer body={DB_POOL} label="DB pool" onCopy={onCopy} />);
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    await user.click(screen.getByRole('button', { name: 'Copy command' }));
    expect(writeText).toHaveBeenCalledWith('psql -c "select count(*) from pg_stat_activity"');
    expect(onCopy).toHaveBeenCalledWith('psql -c "select count(*) from pg_stat_activity"');
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('shows an outline of the sections with jump links, time boxes named, and links opening in a new tab without an opener', () => {
    render(<RunbookViewer body={DB_POOL} label="DB pool" />);
    const outline = screen.getByRole('navigation', { name: 'Outline of DB pool' });
    const diagnosis = within(outline).getByRole('link', { name: /Diagnosis/ });
    const target = document.getElementById(diagnosis.getAttribute('href')!.slice(1));
    expect(target).toHaveTextContent('Diagnosis');
    expect(target).toHaveTextContent('Time box: 2 minutes');
    const link = screen.getByRole('link', { name: 'the dashboard' });
    expect(link).toHaveAttribute('href', 'https://grafana.example/d/pool');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('renders an XSS corpus inert: no script, no event handler, no javascript:/data:/vbscript: URL, no remote image', () => {
    const corpus = [
      '[a](javascript:alert(1))',
      '[b](JaVaScRiPt:alert(1))',
      '[c](java\tscript:alert(1))',
      '[d](&#106;avascript:alert(1))',
      '[e](javascript&colon;alert(1))',
      '[f](data:text/html,<script>alert(1)</script>)',
      '[g](vbscript:msgbox(1))',
      '<a href="javascript:alert(1)">h</a>',
      '<img src=x onerror=alert(1)>',
      '<svg onload=alert(1)>',
      '<script>alert(1)</script>',
      '<iframe src="https://evil.example"></iframe>',
      '![pixel](https://tracker.example/p.gif)',
      '![i](javascript:alert(1))',
      '<https://ok.example/autolink>',
    ].join('\n\n');
    const { container } = render(<RunbookViewer body={corpus} label="Corpus" />);
    for (const tag of ['script', 'img', 'svg', 'iframe', 'object', 'embed', 'style']) expect(container.querySelector(tag)).toBeNull();
    for (const element of container.querySelectorAll('*')) {
      for (const attribute of element.getAttributeNames()) expect(attribute.startsWith('on')).toBe(false);
    }
    const hrefs = [...container.querySelectorAll('[href], [src]')].map((e) => (e.getAttribute('href') ?? e.getAttribute('src') ?? '').replace(/\s/g, '').toLowerCase());
    for (const href of hrefs) expect(href).not.toMatch(/^(javascript|data|vbscript):/);
    expect(hrefs).toContain('https://ok.example/autolink');
    // Raw HTML shows as text, so an author sees what was written instead of it vanishing.
    expect(container).toHaveTextContent('<script>alert(1)</script>');
    expect(screen.getByRole('link', { name: 'Image: pixel' })).toHaveAttribute('href', 'https://tracker.example/p.gif');
  });
});

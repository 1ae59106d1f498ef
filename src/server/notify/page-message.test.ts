import { describe, expect, it } from 'vitest';
import { pageFixture } from '../test-support/page-fixture';
import { readPagePayload, renderEmail, renderSms, renderVoiceTwiml, renderWebhookBody, smsSegments } from './page-message';

describe('the SMS for a page', () => {
  it('names severity, incident, service and title, and how to acknowledge by reply or link', () => {
    expect(renderSms(pageFixture())).toBe('FW P1 INC-2026-0042 Checkout API: pool exhausted. Ack: reply 4821 or https://firewatch.example.com/ack/Xq3vN8bP2kLm9TzR4wYc');
  });

  it('counts the incidents the storm limit bundled into it', () => {
    const bundled = [1, 2, 3].map((n) => ({ id: `INC-2026-004${n + 2}`, title: `other ${n}` }));
    expect(renderSms(pageFixture({ bundled }))).toMatch(/\. Ack: reply 4821 or \S+ \+3 more incidents$/);
    expect(renderSms(pageFixture({ bundled: bundled.slice(0, 1) }))).toMatch(/ \+1 more incident$/);
  });

  it('shortens a long title to stay within two segments, keeping the id and the acknowledge code and link', () => {
    const sms = renderSms(pageFixture({ incident: { ...pageFixture().incident, title: 'connection pool exhausted on every replica '.repeat(20) } }));
    expect(smsSegments(sms)).toBeLessThanOrEqual(2);
    expect(sms).toContain('INC-2026-0042');
    expect(sms).toMatch(/\.\.\.\. Ack: reply 4821 or https:\/\/firewatch\.example\.com\/ack\/Xq3vN8bP2kLm9TzR4wYc$/);
  });

  it('stays within two segments when the title forces UCS-2 (emoji), without splitting a character', () => {
    const sms = renderSms(pageFixture({ incident: { ...pageFixture().incident, title: '🔥 '.repeat(100) } }));
    expect(smsSegments(sms)).toBeLessThanOrEqual(2);
    expect(sms).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('keeps a title with line breaks on one line', () => {
    expect(renderSms(pageFixture({ incident: { ...pageFixture().incident, title: 'pool\r\nexhausted' } }))).toContain('Checkout API: pool exhausted.');
  });

  it('carries the verification code for a verification', () => {
    expect(renderSms(pageFixture({ kind: 'verification', verificationCode: '390127' }))).toContain('Firewatch verification code: 390127');
  });

  it('counts segments as phones do', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('[]'.repeat(40))).toBe(1);
    expect(smsSegments('[]'.repeat(41))).toBe(2);
    expect(smsSegments('é'.repeat(160))).toBe(1);
    expect(smsSegments('ł'.repeat(70))).toBe(1);
    expect(smsSegments('ł'.repeat(71))).toBe(2);
  });
});

describe('the e-mail for a page', () => {
  it('has a subject naming the incident and an acknowledge link in both parts', () => {
    const mail = renderEmail(pageFixture({ channel: 'email', to: 'alice@example.com' }));
    expect(mail.subject).toBe('[Firewatch] P1 INC-2026-0042: pool exhausted (Checkout API)');
    expect(mail.text).toContain('Acknowledge: https://firewatch.example.com/ack/Xq3vN8bP2kLm9TzR4wYc');
    expect(mail.html).toContain('<a href="https://firewatch.example.com/ack/Xq3vN8bP2kLm9TzR4wYc"');
    expect(mail.html).toContain('href="https://firewatch.example.com/incidents/INC-2026-0042"');
  });

  it('escapes every value in the HTML part', () => {
    const hostile = '<script>alert("x")</script> & \'quotes\'';
    const mail = renderEmail(
      pageFixture({
        channel: 'email',
        recipientName: hostile,
        incident: { id: 'INC-2026-0042', title: hostile, severity: '<b>P1</b>', service: hostile, url: 'https://firewatch.example.com/incidents/INC-2026-0042?a="><img src=x>' },
        bundled: [{ id: 'INC-2026-0043', title: hostile }],
      }),
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).not.toContain('"><img');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
  });

  it('does not turn an address that is not http(s) into a link', () => {
    const mail = renderEmail(pageFixture({ incident: { ...pageFixture().incident, url: 'javascript:alert(1)' }, ackUrl: 'javascript:alert(2)' }));
    expect(mail.html).not.toContain('href="javascript:');
  });

  it('lists the bundled incidents, and keeps the subject one line', () => {
    const mail = renderEmail(pageFixture({ incident: { ...pageFixture().incident, title: 'pool\nexhausted' }, bundled: [{ id: 'INC-2026-0043', title: 'disk full' }] }));
    expect(mail.subject).toBe('[Firewatch] P1 INC-2026-0042: pool exhausted (Checkout API) +1 more incident');
    expect(mail.text).toContain('- INC-2026-0043: disk full');
    expect(mail.html).toContain('<li>INC-2026-0043: disk full</li>');
  });
});

describe('the voice call for a page', () => {
  it('is TwiML that says the incident twice, XML-escaped', () => {
    const twiml = renderVoiceTwiml(pageFixture({ channel: 'voice', incident: { ...pageFixture().incident, title: 'pool <exhausted> & "stuck"' } }));
    expect(twiml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Say loop="2">[^<>]*<\/Say><\/Response>$/);
    expect(twiml).toContain('priority 1 incident on Checkout API: pool &lt;exhausted&gt; &amp; &quot;stuck&quot;.');
    expect(twiml).toContain('reply 4, 8, 2, 1');
  });
});

describe('the webhook body', () => {
  it('is versioned JSON with the incident, the acknowledge link and the bundled incidents', () => {
    const body = JSON.parse(renderWebhookBody(pageFixture({ channel: 'webhook', to: 'https://hooks.example.com/x', bundled: [{ id: 'INC-2026-0043', title: 'disk full' }] }))) as unknown;
    expect(body).toEqual({
      version: 1,
      event: 'page',
      pageId: 'page-0001',
      recipient: { name: 'Alice Moreau' },
      incident: { id: 'INC-2026-0042', title: 'pool exhausted', severity: 'P1', service: 'Checkout API', url: 'https://firewatch.example.com/incidents/INC-2026-0042' },
      ackUrl: 'https://firewatch.example.com/ack/Xq3vN8bP2kLm9TzR4wYc',
      bundled: [{ id: 'INC-2026-0043', title: 'disk full' }],
    });
  });
});

describe('reading a payload from the outbox', () => {
  it('accepts a page and says which field is wrong otherwise', () => {
    expect(readPagePayload(pageFixture())).toEqual({ ok: true, page: pageFixture() });
    const broken = readPagePayload({ ...pageFixture(), channel: 'pigeon' });
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/^not a page payload: channel /);
  });
});

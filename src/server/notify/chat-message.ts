/** What one chat mirror message says: decided with the event, rendered per chat kind when sent. */
export type ChatMessage = {
  incidentId: string;
  title: string;
  severity: string;
  phase: string;
  /** What happened ("Declared", "Status update: …", "Severity P3 → P1"). */
  headline: string;
  service: string;
  /** Set by the sender from the configured public URL. */
  url: string;
  /** A test message from the mirror's settings, not about a real incident. */
  test?: boolean;
};

export type ChatKind = 'slack' | 'teams' | 'slack-compatible';

const SEVERITY_COLORS: Record<string, string> = { P1: '#d92d20', P2: '#f79009', P3: '#2e90fa', P4: '#667085' };

/** Slack's mrkdwn treats &, < and > as markup; escaping them keeps a title from becoming a link or mention. */
const mrkdwn = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const summary = (m: ChatMessage) => `${m.test ? '[test] ' : ''}${m.incidentId} · ${m.severity} · ${m.phase} — ${m.title}: ${m.headline}`;

/** Slack incoming webhook: `text` (the notification's fallback) and Block Kit `blocks`. */
function slackBody(m: ChatMessage) {
  return {
    text: mrkdwn(summary(m)),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${m.test ? '[test] ' : ''}${m.incidentId}: ${m.title}`.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: mrkdwn(m.headline) } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Severity*\n${mrkdwn(m.severity)}` },
          { type: 'mrkdwn', text: `*Phase*\n${mrkdwn(m.phase)}` },
          { type: 'mrkdwn', text: `*Service*\n${mrkdwn(m.service)}` },
        ],
      },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open incident' }, url: m.url }] },
    ],
  };
}

/** Mattermost and Rocket.Chat: `text` plus Slack's legacy `attachments`, which both render. */
function slackCompatibleBody(m: ChatMessage) {
  return {
    text: summary(m),
    attachments: [
      {
        fallback: summary(m),
        color: SEVERITY_COLORS[m.severity] ?? '#667085',
        title: `${m.incidentId}: ${m.title}`,
        title_link: m.url,
        text: m.headline,
        fields: [
          { title: 'Severity', value: m.severity, short: true },
          { title: 'Phase', value: m.phase, short: true },
          { title: 'Service', value: m.service, short: true },
        ],
      },
    ],
  };
}

/** A Teams workflow (Power Automate "post to a channel when a webhook request is received"): a message with one Adaptive Card 1.4. */
function teamsBody(m: ChatMessage) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, text: `${m.test ? '[test] ' : ''}${m.incidentId}: ${m.title}` },
            { type: 'TextBlock', wrap: true, text: m.headline },
            {
              type: 'FactSet',
              facts: [
                { title: 'Severity', value: m.severity },
                { title: 'Phase', value: m.phase },
                { title: 'Service', value: m.service },
              ],
            },
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open incident', url: m.url }],
        },
      },
    ],
  };
}

/** The JSON body each kind of chat webhook expects. */
export function renderChatBody(kind: ChatKind, message: ChatMessage): unknown {
  if (kind === 'slack') return slackBody(message);
  if (kind === 'teams') return teamsBody(message);
  return slackCompatibleBody(message);
}

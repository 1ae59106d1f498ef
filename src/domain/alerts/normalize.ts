import type { Severity } from '../incident/severity';
import { MONITORING_SEVERITY_TO_INCIDENT, mostUrgent, severityFromLabel } from '../incident/severity';
import type { MonitoringSeverity } from '../incident/severity';
import { fingerprintLabels } from './fingerprint';
import { safeLinks } from './links';

export type AlertSource = 'alertmanager' | 'pagerduty' | 'generic';
export type AlertAction = 'trigger' | 'acknowledge' | 'resolve';

export type AlertLink = { href: string; text?: string | undefined };

/** One alert inside an event: Alertmanager sends several per group, the others one. */
export type NormalizedAlert = {
  fingerprint: string;
  status: 'firing' | 'resolved';
  summary: string;
  labels: Record<string, string>;
};

/**
 * What every ingestion format becomes. `dedupKey` is scoped to the service by the caller; one
 * open incident exists per (service, source, dedupKey).
 */
export type NormalizedEvent = {
  source: AlertSource;
  action: AlertAction;
  dedupKey: string;
  title: string;
  severity: Severity;
  alerts: NormalizedAlert[];
  details: Record<string, unknown>;
  /** Only http(s) and mailto links (`safeLinks`); others are dropped, never stored. */
  links: AlertLink[];
};

/** The fields of an Alertmanager webhook (payload version 4) that Firewatch reads. */
export type AlertmanagerPayloadInput = {
  groupKey: string;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  truncatedAlerts?: number | undefined;
  alerts: Array<{
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    generatorURL?: string | undefined;
    fingerprint?: string | undefined;
  }>;
};

const TITLE_MAX = 1024;

function clip(text: string, max = TITLE_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The incident title for an Alertmanager group: the common summary if the group shares one,
 * else the alert name with the group labels that tell groups apart, else the group key.
 */
function alertmanagerTitle(payload: AlertmanagerPayloadInput): string {
  const summary = payload.commonAnnotations['summary'] ?? payload.commonAnnotations['title'];
  if (summary) return clip(summary);
  const alertname = payload.groupLabels['alertname'] ?? payload.commonLabels['alertname'];
  const others = Object.entries(payload.groupLabels)
    .filter(([key]) => key !== 'alertname')
    .map(([key, value]) => `${key}=${value}`);
  if (alertname) return clip(others.length > 0 ? `${alertname} (${others.join(', ')})` : alertname);
  return clip(payload.groupKey);
}

/**
 * Normalizes an Alertmanager notification. Severity is the most urgent `labels.severity` among
 * the group's alerts (P3 when none says). A group whose status is resolved resolves the incident.
 */
export function normalizeAlertmanager(payload: AlertmanagerPayloadInput): NormalizedEvent {
  const alerts: NormalizedAlert[] = payload.alerts.map((alert) => ({
    fingerprint: alert.fingerprint && alert.fingerprint.length > 0 ? alert.fingerprint : fingerprintLabels(alert.labels),
    status: alert.status,
    summary: clip(alert.annotations['summary'] ?? alert.labels['alertname'] ?? payload.groupKey),
    labels: alert.labels,
  }));
  const labelled = payload.alerts
    .map((alert) => alert.labels['severity'] ?? payload.commonLabels['severity'])
    .filter((label): label is string => label !== undefined)
    .map((label) => severityFromLabel(label));
  const links: AlertLink[] = [];
  if (payload.externalURL) links.push({ href: payload.externalURL, text: 'Alertmanager' });
  for (const alert of payload.alerts) {
    if (alert.generatorURL && !links.some((link) => link.href === alert.generatorURL)) {
      links.push({ href: alert.generatorURL, text: 'Source' });
    }
  }
  return {
    source: 'alertmanager',
    action: payload.status === 'resolved' ? 'resolve' : 'trigger',
    dedupKey: payload.groupKey,
    title: alertmanagerTitle(payload),
    severity: mostUrgent(labelled, severityFromLabel(payload.commonLabels['severity'])),
    alerts,
    details: {
      receiver: payload.receiver,
      groupLabels: payload.groupLabels,
      commonLabels: payload.commonLabels,
      commonAnnotations: payload.commonAnnotations,
      ...(payload.truncatedAlerts ? { truncatedAlerts: payload.truncatedAlerts } : {}),
    },
    links: safeLinks(links).slice(0, 20),
  };
}

/** The fields of a PagerDuty Events API v2 event that Firewatch reads. */
export type PagerDutyEventInput = {
  event_action: AlertAction;
  dedup_key?: string | undefined;
  payload?:
    | {
        summary: string;
        source: string;
        severity: MonitoringSeverity;
        component?: string | undefined;
        group?: string | undefined;
        class?: string | undefined;
        timestamp?: string | undefined;
        custom_details?: unknown;
      }
    | undefined;
  links?: Array<{ href: string; text?: string | undefined }> | undefined;
  client?: string | undefined;
  client_url?: string | undefined;
};

/**
 * Normalizes a PagerDuty event. `dedupKey` must already be known: the caller generates one for a
 * trigger that has none, because the generated key is returned to the sender.
 */
export function normalizePagerDuty(event: PagerDutyEventInput, dedupKey: string): NormalizedEvent {
  const payload = event.payload;
  const links: AlertLink[] = [...(event.links ?? [])];
  if (event.client_url) links.push({ href: event.client_url, text: event.client ?? 'Source' });
  const labels: Record<string, string> = {};
  if (payload) {
    labels['source'] = payload.source;
    if (payload.component) labels['component'] = payload.component;
    if (payload.group) labels['group'] = payload.group;
    if (payload.class) labels['class'] = payload.class;
  }
  return {
    source: 'pagerduty',
    action: event.event_action,
    dedupKey,
    title: payload ? clip(payload.summary) : dedupKey,
    severity: payload ? MONITORING_SEVERITY_TO_INCIDENT[payload.severity] : 'P3',
    alerts: payload ? [{ fingerprint: dedupKey, status: 'firing', summary: clip(payload.summary), labels }] : [],
    details: payload?.custom_details !== undefined ? { custom_details: payload.custom_details } : {},
    links: safeLinks(links).slice(0, 20),
  };
}

/** Firewatch's own generic JSON event (documented in the README and OpenAPI). */
export type GenericEventInput = {
  action: 'trigger' | 'resolve';
  title?: string | undefined;
  severity: MonitoringSeverity | Severity;
  dedupKey?: string | undefined;
  details?: Record<string, unknown> | undefined;
  links?: AlertLink[] | undefined;
};

export function normalizeGeneric(event: GenericEventInput, dedupKey: string): NormalizedEvent {
  const severity = severityFromLabel(event.severity);
  const title = event.title ? clip(event.title) : dedupKey;
  return {
    source: 'generic',
    action: event.action,
    dedupKey,
    title,
    severity,
    alerts: event.action === 'trigger' ? [{ fingerprint: dedupKey, status: 'firing', summary: title, labels: {} }] : [],
    details: event.details ?? {},
    links: safeLinks(event.links ?? []).slice(0, 20),
  };
}

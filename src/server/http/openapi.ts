import { RUNBOOK_LIMITS } from '../../domain/runbook/model';
import { z } from 'zod';
import { apiErrorSchema } from '../../contracts/common';
import {
  declareIncidentBodySchema,
  incidentAlertSchema,
  incidentSchema,
  noteBodySchema,
  patchIncidentBodySchema,
} from '../../contracts/incidents';
import {
  alertmanagerPayloadSchema,
  genericEventSchema,
  ingestAcceptedSchema,
  pagerDutyAcceptedSchema,
  pagerDutyEventSchema,
  pagerDutyInvalidSchema,
} from '../../contracts/ingestion';
import { liveEventSchema } from '../../contracts/live';
import {
  copyCommandBodySchema,
  escalateFromRunBodySchema,
  escalateFromRunResultSchema,
  incidentRunbooksSchema,
  restoreRunbookBodySchema,
  runFeedbackBodySchema,
  runbookInputSchema,
  runbookRunSchema,
  runbookSchema,
  runbookSummarySchema,
  runbookVersionSchema,
  runbookVersionSummarySchema,
  saveRunbookBodySchema,
  startRunBodySchema,
  tickStepBodySchema,
} from '../../contracts/runbooks';
import { pageOf } from '../../contracts/pagination';
import { statusAdminPaths } from './status-admin-openapi';
import {
  actionItemSchema,
  actionItemWriteResultSchema,
  changeStatusBodySchema,
  createActionItemBodySchema,
  createPostmortemBodySchema,
  patchActionItemBodySchema,
  patchPostmortemBodySchema,
  postmortemSchema,
  postmortemSectionSchema,
  postmortemSummarySchema,
  presenceBodySchema,
  presenceSchema,
  recurrenceSchema,
  saveSectionBodySchema,
  timelineDraftSchema,
} from '../../contracts/postmortems';
import { POSTMORTEM_LIMITS } from '../../domain/postmortem/model';
import { createServiceBodySchema, renameServiceBodySchema, serviceSchema } from '../../contracts/services';
import { timelineEventSchema } from '../../contracts/timeline-events';
import { metricsSchema } from '../../contracts/metrics';
import { chatMirrorSchema, createChatMirrorSchema } from '../../contracts/status-page';
import { ackLinkSchema, channelStateSchema, channelTestBodySchema, channelTestResultSchema, verificationSentSchema, verifyContactBodySchema } from '../../contracts/escalation';
import { createMaintenanceWindowBodySchema, escalationPolicySchema, escalationPolicyViewSchema, maintenanceWindowSchema, putEscalationPolicyBodySchema } from '../../contracts/escalation';
import { createOverrideBodySchema, createScheduleBodySchema, onCallEntrySchema, scheduleSchema, updateOverrideBodySchema, updateScheduleBodySchema } from '../../contracts/schedules';
import {
  acceptInviteBodySchema,
  apiTokenSchema,
  auditEntrySchema,
  changePasswordBodySchema,
  createApiTokenBodySchema,
  firstAdminBodySchema,
  invitePersonBodySchema,
  personSchema,
  profileSchema,
  sessionSchema,
  signInBodySchema,
  teamBodySchema,
  teamSchema,
  updatePersonBodySchema,
  updateProfileBodySchema,
} from '../../contracts/people';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ 'application/json': { schema: schema(s) } });
const ok = (description: string, s: z.ZodType) => ({ description, content: json(s) });
const error = (description: string) => ({ description, content: json(apiErrorSchema) });
const list = (s: z.ZodType) => z.object({ items: z.array(s) });
const cursorParam = { name: 'cursor', in: 'query', description: 'The nextCursor of the previous page (opaque)', schema: { type: 'string' } };
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

/** The public API, generated from the same zod contracts the server validates with. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const keyParam = { ...idParam('key'), description: 'The service integration key' };
  const queryParam = (name: string, schemaOf: Record<string, unknown>, required = false, description?: string) => ({ name, in: 'query', required, schema: schemaOf, ...(description ? { description } : {}) });
  const instant = { type: 'string', format: 'date-time' };
  const metricsParams = [
    queryParam('from', instant, true, 'Start of the range (UTC, inclusive)'),
    queryParam('to', instant, true, 'End of the range (UTC, exclusive); at most 3 years after from'),
    queryParam('zone', { type: 'string' }, true, 'The viewer’s IANA zone, in which buckets start'),
    queryParam('bucket', { type: 'string', enum: ['week', 'month'], default: 'week' }),
    queryParam('groupBy', { type: 'string', enum: ['severity', 'service', 'team'] }),
    queryParam('severity', { type: 'string', enum: ['P1', 'P2', 'P3', 'P4'] }),
    queryParam('serviceId', { type: 'string' }),
    queryParam('teamId', { type: 'string' }),
    queryParam('compareFrom', instant, false, 'Start of the "before" range; with compareTo'),
    queryParam('compareTo', instant, false, 'End of the "before" range; with compareFrom'),
  ];
  return {
    openapi: '3.1.0',
    info: { title: 'Firewatch API', version: '1', description: 'Alerts in, incidents out. Instants are ISO-8601 UTC. Ingestion authenticates with integration keys; everything else with the session cookie or an API token (Authorization: Bearer).' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'fw_session' },
        apiToken: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { apiToken: [] }],
    paths: {
      '/api/v1/integrations/{key}/alertmanager': {
        post: {
          summary: 'Prometheus Alertmanager webhook (payload version 4)',
          parameters: [keyParam],
          requestBody: { required: true, content: json(alertmanagerPayloadSchema) },
          responses: {
            200: ok('Committed', ingestAcceptedSchema),
            400: error('Invalid payload'),
            404: error('Unknown or revoked key'),
            413: error('Payload over 512 KB'),
            415: error('Not application/json'),
            503: error('Overloaded; retry after Retry-After seconds'),
          },
        },
      },
      '/v2/enqueue': {
        post: {
          summary: 'PagerDuty Events API v2 (routing_key is a Firewatch integration key)',
          requestBody: { required: true, content: json(pagerDutyEventSchema) },
          responses: {
            202: ok('Committed', pagerDutyAcceptedSchema),
            400: ok('Invalid event', pagerDutyInvalidSchema),
            404: error('Unknown or revoked routing key'),
            413: ok('Payload over 512 KB', pagerDutyInvalidSchema),
            429: ok('Throttled; retry', pagerDutyInvalidSchema),
          },
        },
      },
      '/api/v1/integrations/{key}/events': {
        post: {
          summary: 'Generic JSON event',
          parameters: [keyParam],
          requestBody: { required: true, content: json(genericEventSchema) },
          responses: { 202: ok('Committed', ingestAcceptedSchema), 400: error('Invalid event'), 404: error('Unknown or revoked key'), 429: error('Throttled') },
        },
      },
      '/api/v1/services': {
        get: { summary: 'List services', responses: { 200: ok('Services', list(serviceSchema)) } },
        post: {
          summary: 'Create a service (answers with its first integration key)',
          requestBody: { required: true, content: json(createServiceBodySchema) },
          responses: { 201: ok('Created', serviceSchema), 400: error('Invalid name'), 409: error('Name taken') },
        },
      },
      '/api/v1/services/{id}': {
        get: { summary: 'One service', parameters: [idParam('id')], responses: { 200: ok('Service', serviceSchema), 404: error('No such service') } },
        patch: {
          summary: 'Rename a service',
          parameters: [idParam('id')],
          requestBody: { required: true, content: json(renameServiceBodySchema) },
          responses: { 200: ok('Renamed', serviceSchema), 400: error('Invalid name'), 404: error('No such service'), 409: error('Name taken') },
        },
      },
      '/api/v1/services/{id}/integration-keys': {
        post: { summary: 'Add an integration key', parameters: [idParam('id')], responses: { 201: ok('Service with the new key', serviceSchema), 404: error('No such service') } },
      },
      '/api/v1/services/{id}/integration-keys/{keyId}': {
        delete: { summary: 'Revoke an integration key', parameters: [idParam('id'), idParam('keyId')], responses: { 200: ok('Service', serviceSchema), 404: error('No such key'), 409: error('Already revoked') } },
      },
      '/api/v1/services/{id}/integration-keys/{keyId}/rotate': {
        post: { summary: 'Replace a key with a new one, revoking it', parameters: [idParam('id'), idParam('keyId')], responses: { 201: ok('Service', serviceSchema), 404: error('No such key'), 409: error('Already revoked') } },
      },
      '/api/v1/incidents': {
        get: {
          summary: 'List incidents',
          parameters: [
            { name: 'state', in: 'query', schema: { type: 'string', enum: ['open', 'resolved', 'all'], default: 'open' } },
            { name: 'serviceId', in: 'query', schema: { type: 'string' } },
            { name: 'severity', in: 'query', schema: { type: 'string', enum: ['P1', 'P2', 'P3', 'P4'] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 200 } },
            cursorParam,
          ],
          responses: { 200: ok('A page of incidents; open ones ordered by severity then age, others newest first', pageOf(incidentSchema)), 400: error('Bad query') },
        },
        post: {
          summary: 'Declare an incident by hand',
          requestBody: { required: true, content: json(declareIncidentBodySchema) },
          responses: { 201: ok('Declared', incidentSchema), 400: error('Invalid') },
        },
      },
      '/api/v1/incidents/{id}': {
        get: { summary: 'One incident', parameters: [idParam('id')], responses: { 200: ok('Incident', incidentSchema), 404: error('No such incident') } },
        patch: {
          summary: 'Change title, severity, phase, commander or scribe',
          parameters: [idParam('id')],
          requestBody: { required: true, content: json(patchIncidentBodySchema) },
          responses: { 200: ok('Incident', incidentSchema), 400: error('Invalid'), 404: error('No such incident'), 409: error('Not allowed in this state') },
        },
      },
      '/api/v1/incidents/{id}/timeline': {
        get: {
          summary: 'A page of the incident timeline, oldest first',
          parameters: [idParam('id'), { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 1000 } }, cursorParam],
          responses: { 200: ok('Events', pageOf(timelineEventSchema)), 400: error('Bad query'), 404: error('No such incident') },
        },
      },
      '/api/v1/incidents/{id}/alerts': {
        get: { summary: 'The distinct alerts grouped into the incident', parameters: [idParam('id')], responses: { 200: ok('Alerts', list(incidentAlertSchema)), 404: error('No such incident') } },
      },
      '/api/v1/incidents/{id}/acknowledge': {
        post: { summary: 'Acknowledge', parameters: [idParam('id')], responses: { 200: ok('Incident', incidentSchema), 404: error('No such incident'), 409: error('Already resolved') } },
      },
      '/api/v1/incidents/{id}/resolve': {
        post: { summary: 'Resolve', parameters: [idParam('id')], responses: { 200: ok('Incident', incidentSchema), 404: error('No such incident') } },
      },
      '/api/v1/incidents/{id}/notes': {
        post: {
          summary: 'Post a note or status update',
          parameters: [idParam('id')],
          requestBody: { required: true, content: json(noteBodySchema) },
          responses: { 201: ok('The timeline event', timelineEventSchema), 400: error('Invalid'), 404: error('No such incident') },
        },
      },
      '/api/v1/events': {
        get: {
          summary: 'Server-sent events: every committed change. Resume with Last-Event-ID (or ?lastEventId=).',
          responses: { 200: { description: 'text/event-stream; each data is a LiveEvent', content: { 'text/event-stream': { schema: schema(liveEventSchema) } } } },
        },
      },
      '/api/v1/setup': { get: { summary: 'First-run state: whether an admin must be created, whether demo mode is on', responses: { 200: { description: 'Setup state' } } } },
      '/api/v1/setup/admin': {
        post: { summary: 'Create the first admin (only while nobody exists); signs in', requestBody: { required: true, content: json(firstAdminBodySchema) }, responses: { 201: ok('Signed in', sessionSchema), 400: error('Invalid'), 409: error('An admin exists') } },
      },
      '/api/v1/setup/demo': { post: { summary: 'Load the example organisation into an empty installation (admin)', responses: { 201: { description: 'Loaded' }, 409: error('Not empty') } } },
      '/api/v1/session': {
        get: { summary: 'Who is signed in', responses: { 200: ok('Session', sessionSchema), 401: error('Not signed in') } },
        post: { summary: 'Sign in with e-mail and password (sets the session cookie)', requestBody: { required: true, content: json(signInBodySchema) }, responses: { 200: ok('Signed in', sessionSchema), 401: error('Wrong e-mail or password'), 429: error('Too many failures; Retry-After') } },
        delete: { summary: 'Sign out (revokes the session, closes its live streams)', responses: { 204: { description: 'Signed out' } } },
      },
      '/api/v1/invites/{token}': {
        get: { summary: 'Who an invitation is for', parameters: [idParam('token')], responses: { 200: { description: 'Name and e-mail' }, 404: error('Unknown, used, superseded, expired, or the person has a password') } },
        post: { summary: 'Accept an invitation by choosing a password; signs in', parameters: [idParam('token')], requestBody: { required: true, content: json(acceptInviteBodySchema) }, responses: { 200: ok('Signed in', sessionSchema), 400: error('Invalid password'), 404: error('Unknown, used, superseded, expired, or the person has a password') } },
      },
      '/api/v1/me': {
        get: { summary: 'My profile', responses: { 200: ok('Profile', profileSchema) } },
        patch: { summary: 'Edit my zone, quiet hours, contact methods and notification rules', requestBody: { required: true, content: json(updateProfileBodySchema) }, responses: { 200: ok('Profile', profileSchema), 400: error('Invalid') } },
      },
      '/api/v1/me/password': {
        post: { summary: 'Change my password (signs out my other sessions)', requestBody: { required: true, content: json(changePasswordBodySchema) }, responses: { 204: { description: 'Changed' }, 400: error('Wrong current password or weak new one') } },
      },
      '/api/v1/me/tokens': {
        get: { summary: 'My API tokens', responses: { 200: ok('Tokens', list(apiTokenSchema)) } },
        post: { summary: 'Create an API token (role at most mine); the secret is shown once', requestBody: { required: true, content: json(createApiTokenBodySchema) }, responses: { 201: { description: 'Token with its secret' }, 403: error('Role above mine') } },
      },
      '/api/v1/me/tokens/{id}': { delete: { summary: 'Revoke one of my API tokens', parameters: [idParam('id')], responses: { 204: { description: 'Revoked' }, 404: error('No such token') } } },
      '/api/v1/people': {
        get: { summary: 'Everyone', responses: { 200: ok('People', list(personSchema)) } },
        post: { summary: 'Invite a person (admin); answers with a one-time set-password link', requestBody: { required: true, content: json(invitePersonBodySchema) }, responses: { 201: { description: 'Person and inviteUrl' }, 400: error('Invalid'), 409: error('E-mail taken') } },
      },
      '/api/v1/people/{id}': {
        get: { summary: 'One person', parameters: [idParam('id')], responses: { 200: ok('Person', personSchema), 404: error('Nobody') } },
        patch: { summary: 'Change a person\'s role or name (admin)', parameters: [idParam('id')], requestBody: { required: true, content: json(updatePersonBodySchema) }, responses: { 200: ok('Person', personSchema), 409: error('Last admin') } },
      },
      '/api/v1/people/{id}/invite': { post: { summary: 'A new one-time set-password link (admin); earlier links stop working', parameters: [idParam('id')], responses: { 201: { description: 'inviteUrl' }, 404: error('No such person'), 409: error('The person has a password') } } },
      '/api/v1/teams': {
        get: { summary: 'Teams with members and managers', responses: { 200: ok('Teams', list(teamSchema)) } },
        post: { summary: 'Create a team (admin)', requestBody: { required: true, content: json(teamBodySchema) }, responses: { 201: ok('Team', teamSchema), 409: error('Name taken') } },
      },
      '/api/v1/teams/{id}': { put: { summary: 'Rename a team and set its members (admin)', parameters: [idParam('id')], requestBody: { required: true, content: json(teamBodySchema) }, responses: { 200: ok('Team', teamSchema) } } },
      '/api/v1/audit': {
        get: {
          summary: 'The audit log, newest first (admin)',
          parameters: ['actor', 'action', 'targetType', 'before', 'limit', 'cursor'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
          responses: { 200: ok('A page of entries', pageOf(auditEntrySchema)), 400: error('Bad query') },
        },
      },
      '/api/v1/schedules': {
        get: { summary: 'On-call schedules with their layers and overrides', responses: { 200: ok('Schedules', list(scheduleSchema)) } },
        post: { summary: "Create a schedule (admins; managers for their teams)", requestBody: { required: true, content: json(createScheduleBodySchema) }, responses: { 201: ok('Schedule', scheduleSchema), 400: error('Invalid'), 403: error('Not your team') } },
      },
      '/api/v1/schedules/{id}': {
        get: { summary: 'One schedule', parameters: [idParam('id')], responses: { 200: ok('Schedule', scheduleSchema), 404: error('No such schedule') } },
        delete: { summary: 'Delete a schedule with its overrides (?version=); its calendar feeds stop', parameters: [idParam('id'), { name: 'version', in: 'query', required: true, schema: { type: 'integer' } }], responses: { 204: { description: 'Deleted' }, 409: error('Stale version') } },
        put: { summary: 'Change name, zone or layers; `version` must be current', parameters: [idParam('id')], requestBody: { required: true, content: json(updateScheduleBodySchema) }, responses: { 200: ok('Schedule', scheduleSchema), 409: error('Stale version: the body also carries `current`') } },
      },
      '/api/v1/schedules/{id}/segments': {
        get: { summary: 'Final on-call segments, gaps, each layer\'s lane, effective overrides and the backup lane for a window (?from=&to=, ≤ 400 days)', parameters: [idParam('id'), { name: 'from', in: 'query', required: true, schema: { type: 'string' } }, { name: 'to', in: 'query', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Segments' }, 400: error('Bad window'), 409: error('The stored schedule breaks a rule and cannot be resolved until repaired (fields name what)') } },
      },
      '/api/v1/schedules/{id}/on-call': {
        get: { summary: 'Who is primary and backup at ?at= (default now), and until when', parameters: [idParam('id'), { name: 'at', in: 'query', schema: { type: 'string' } }], responses: { 200: { description: 'On call' }, 400: error('Bad instant'), 409: error('The stored schedule breaks a rule and cannot be resolved until repaired (fields name what)') } },
      },
      '/api/v1/schedules/{id}/fairness': {
        get: { summary: 'On-call, night and weekend hours per team member in their own zone (?from=&to=); > 20% from the mean is flagged', parameters: [idParam('id')], responses: { 200: { description: 'Fairness report' }, 400: error('Bad window'), 409: error('The stored schedule breaks a rule and cannot be resolved until repaired (fields name what)') } },
      },
      '/api/v1/schedules/{id}/feeds': { post: { summary: "A secret iCalendar feed URL of this schedule's shifts (revocable)", parameters: [idParam('id')], responses: { 201: { description: '{id, url}' } } } },
      '/api/v1/me/feeds': {
        get: { summary: 'My calendar feeds', responses: { 200: { description: 'Feeds' } } },
        post: { summary: 'A secret iCalendar feed URL of my own shifts on every schedule', responses: { 201: { description: '{id, url}' } } },
      },
      '/api/v1/me/feeds/{id}': { delete: { summary: 'Revoke one of my calendar feeds', parameters: [idParam('id')], responses: { 204: { description: 'Revoked' } } } },
      '/api/v1/feeds/{file}': { get: { summary: 'An iCalendar feed (text/calendar); the secret in the URL is the credential', parameters: [idParam('file')], responses: { 200: { description: 'text/calendar' }, 404: error('Unknown or revoked') } } },
      '/api/v1/on-call': { get: { summary: 'Who is on call now on every schedule, until when, and whether they are in quiet hours; a schedule that cannot be resolved has `error` set and no one on call', responses: { 200: ok('On call now', list(onCallEntrySchema)) } } },
      '/api/v1/schedules/{id}/overrides': {
        post: { summary: 'Add an override (responders only for themselves)', parameters: [idParam('id')], requestBody: { required: true, content: json(createOverrideBodySchema) }, responses: { 201: ok('Schedule', scheduleSchema), 400: error('Invalid or not a team member'), 403: error('Someone else'), 409: error('Stale version') } },
      },
      '/api/v1/schedules/{id}/overrides/{overrideId}': {
        put: { summary: 'Move, resize or reassign an override', parameters: [idParam('id'), idParam('overrideId')], requestBody: { required: true, content: json(updateOverrideBodySchema) }, responses: { 200: ok('Schedule', scheduleSchema), 409: error('Stale version') } },
        delete: { summary: 'Remove an override (?version=)', parameters: [idParam('id'), idParam('overrideId'), { name: 'version', in: 'query', required: true, schema: { type: 'integer' } }], responses: { 200: ok('Schedule', scheduleSchema), 409: error('Stale version') } },
      },
      '/api/v1/services/{id}/escalation-policy': {
        get: { summary: "The service's escalation policy (null when it has none), its lint, and the people, schedules and channels the editor and preview need (addresses masked)", parameters: [idParam('id')], responses: { 200: ok('Policy view', escalationPolicyViewSchema), 404: error('No such service') } },
        put: {
          summary: 'Create (version null) or replace (version current) the policy (admins; managers of the service\'s team)',
          parameters: [idParam('id')],
          requestBody: { required: true, content: json(putEscalationPolicyBodySchema) },
          responses: { 200: ok('Policy', escalationPolicySchema), 400: error('Invalid, or a target who cannot be paged'), 403: error('Not your team'), 409: error('Stale version: the body also carries `current`') },
        },
        delete: { summary: 'Remove the policy (?version=); the service then pages nobody', parameters: [idParam('id'), { name: 'version', in: 'query', required: true, schema: { type: 'integer' } }], responses: { 204: { description: 'Deleted' }, 404: error('No policy'), 409: error('Stale version') } },
      },
      '/api/v1/services/{id}/maintenance-windows': {
        get: { summary: 'Current and upcoming maintenance windows, then the last 20 finished', parameters: [idParam('id')], responses: { 200: ok('Windows', list(maintenanceWindowSchema)), 404: error('No such service') } },
        post: {
          summary: 'Plan a maintenance window (start defaults to now; at most 7 days): incidents still open but page nobody',
          parameters: [idParam('id')],
          requestBody: { required: true, content: json(createMaintenanceWindowBodySchema) },
          responses: { 201: ok('Window', maintenanceWindowSchema), 400: error('Invalid start or end'), 403: error('Not your team') },
        },
      },
      '/api/v1/services/{id}/maintenance-windows/{windowId}/end': {
        post: { summary: 'End a maintenance window now (or cancel an upcoming one)', parameters: [idParam('id'), idParam('windowId')], responses: { 200: ok('Window', maintenanceWindowSchema), 404: error('No such window'), 409: error('Already over') } },
      },
      '/api/v1/ack/{token}': {
        get: { summary: 'What an acknowledge link leads to (public: the token is the permission); reading never acknowledges', parameters: [idParam('token')], responses: { 200: ok('Link', ackLinkSchema), 404: error('Not a valid link') } },
        post: { summary: 'Acknowledge with the link: once, before it expires', parameters: [idParam('token')], responses: { 200: ok('Link, now used', ackLinkSchema), 404: error('Not a valid link'), 410: error('Used or expired') } },
      },
      '/api/v1/twilio/sms': { post: { summary: "Twilio's inbound-SMS webhook: a reply with a page's code acknowledges it (X-Twilio-Signature required)", responses: { 200: { description: 'TwiML reply' }, 403: error('Bad signature') } } },
      '/api/v1/twilio/status': { post: { summary: "Twilio's delivery status callback for a page (?page=; X-Twilio-Signature required)", responses: { 204: { description: 'Recorded' }, 403: error('Bad signature') } } },
      '/api/v1/admin/channels': { get: { summary: 'Each notification channel: configured, or which settings are missing (admins)', responses: { 200: ok('Channels', list(channelStateSchema)) } } },
      '/api/v1/admin/channels/{channel}/test': {
        post: { summary: 'Send a test message over a channel (admins)', parameters: [idParam('channel')], requestBody: { required: true, content: json(channelTestBodySchema) }, responses: { 200: ok('Outcome', channelTestResultSchema), 400: error('Not an address for that channel') } },
      },
      '/api/v1/me/pages': { get: { summary: 'The incidents that paged you in the last 24 hours, as they are now: your open tab rings for the triggered ones', responses: { 200: ok('Incidents', list(incidentSchema)) } } },
      '/api/v1/me/contact-methods/{id}/verification': {
        post: { summary: 'Send a 6-digit code over one of your contact methods', parameters: [idParam('id')], responses: { 201: ok('Sent', verificationSentSchema), 409: error('Channel not configured'), 429: error('Asked again too soon') } },
      },
      '/api/v1/me/contact-methods/{id}/verify': {
        post: { summary: 'Check the code; the method is verified (and can be paged) on a match', parameters: [idParam('id')], requestBody: { required: true, content: json(verifyContactBodySchema) }, responses: { 200: ok('Profile', profileSchema), 400: error('Wrong or expired code'), 429: error('Too many wrong codes') } },
      },
      '/api/v1/runbooks': {
        get: { summary: 'The runbook library: owner, freshness, lint score and record of each runbook', responses: { 200: ok('Runbooks', list(runbookSummarySchema)) } },
        post: {
          summary: 'Create a runbook (admins; managers of the owning team; the owning person and managers of their teams)',
          requestBody: { required: true, content: json(runbookInputSchema) },
          responses: { 201: ok('Runbook', runbookSchema), 400: error('Invalid field, selector (with its position) or unknown id'), 403: error('May not own it this way'), 413: error(`Body over ${RUNBOOK_LIMITS.bodyChars.toLocaleString('en')} characters, or the request over 1 MB`) },
        },
      },
      '/api/v1/runbooks/{id}': {
        get: { summary: 'A runbook with its markdown and lint findings', parameters: [idParam('id')], responses: { 200: ok('Runbook', runbookSchema), 404: error('No such runbook') } },
        put: {
          summary: 'Save a new version on top of `version`',
          parameters: [idParam('id')],
          requestBody: { required: true, content: json(saveRunbookBodySchema) },
          responses: { 200: ok('Runbook', runbookSchema), 400: error('Invalid'), 403: error('Not an editor of it'), 409: error('Stale version: the body also carries `current` (the stored runbook) and `yours` (what was sent); nothing was saved'), 413: error('Too large') },
        },
      },
      '/api/v1/runbooks/{id}/versions': { get: { summary: 'Every version, newest first (without texts)', parameters: [idParam('id')], responses: { 200: ok('Versions', list(runbookVersionSummarySchema)), 404: error('No such runbook') } } },
      '/api/v1/runbooks/{id}/versions/{version}': { get: { summary: 'One version with its text (for the diff)', parameters: [idParam('id'), idParam('version')], responses: { 200: ok('Version', runbookVersionSchema), 404: error('No such version') } } },
      '/api/v1/runbooks/{id}/restore': {
        post: { summary: "Make an old version's title, text, services and selectors the newest version", parameters: [idParam('id')], requestBody: { required: true, content: json(restoreRunbookBodySchema) }, responses: { 200: ok('Runbook', runbookSchema), 400: error('No such version'), 409: error('Stale version (carries `current` and `yours`)') } },
      },
      '/api/v1/runbooks/{id}/review': { post: { summary: 'Mark reviewed: records who and when', parameters: [idParam('id')], responses: { 200: ok('Runbook', runbookSchema), 403: error('Not an editor of it') } } },
      '/api/v1/incidents/{id}/runbooks': { get: { summary: "The runbooks matching the incident's service and alerts, best first, and the runs started on it", parameters: [idParam('id')], responses: { 200: ok('Matches and runs', incidentRunbooksSchema), 404: error('No such incident') } } },
      '/api/v1/incidents/{id}/runbook-runs': {
        post: { summary: 'Start a runbook on the incident, pinned to its current version; starting it again answers the existing run (200)', parameters: [idParam('id')], requestBody: { required: true, content: json(startRunBodySchema) }, responses: { 200: ok('Existing run', runbookRunSchema), 201: ok('Run', runbookRunSchema), 400: error('No such runbook'), 409: error('Incident resolved') } },
      },
      '/api/v1/runbook-runs/{runId}/steps/{stepId}': {
        post: { summary: 'Tick or untick a step; the first tick in a section starts its countdown', parameters: [idParam('runId'), idParam('stepId')], requestBody: { required: true, content: json(tickStepBodySchema) }, responses: { 200: ok('Run', runbookRunSchema), 404: error('No such run or step'), 409: error('Run closed (incident resolved)') } },
      },
      '/api/v1/runbook-runs/{runId}/sections/{sectionId}/start': {
        post: { summary: "Start a section's countdown now", parameters: [idParam('runId'), idParam('sectionId')], responses: { 200: ok('Run', runbookRunSchema), 404: error('No such run or section'), 409: error('Run closed') } },
      },
      '/api/v1/runbook-runs/{runId}/copies': {
        post: { summary: 'Record on the timeline that a command was copied from the runbook', parameters: [idParam('runId')], requestBody: { required: true, content: json(copyCommandBodySchema) }, responses: { 204: { description: 'Recorded' }, 409: error('Run closed') } },
      },
      '/api/v1/runbook-runs/{runId}/escalate': {
        post: {
          summary: "Escalate now from a criterion: the incident's next level, or a linked incident paging the named team's policy",
          parameters: [idParam('runId')],
          requestBody: { required: true, content: json(escalateFromRunBodySchema) },
          responses: { 200: ok('What was done', escalateFromRunResultSchema), 400: error('No such criterion, or no team of that name'), 409: error('Run closed, or the team has no service with a policy') },
        },
      },
      '/api/v1/runbook-runs/{runId}/feedback': {
        post: { summary: '"Did the runbook help?" (also after the incident resolved)', parameters: [idParam('runId')], requestBody: { required: true, content: json(runFeedbackBodySchema) }, responses: { 200: ok('Run', runbookRunSchema), 404: error('No such run') } },
      },
      '/api/v1/postmortems': { get: { summary: 'Post-mortems, newest first (query: status, incidentId)', responses: { 200: ok('Post-mortems', list(postmortemSummarySchema)), 400: error('Unknown or invalid query parameter (named)') } } },
      '/api/v1/incidents/{id}/postmortem': {
        get: { summary: "The incident's post-mortem", parameters: [idParam('id')], responses: { 200: ok('Post-mortem', postmortemSchema), 404: error('No such incident, or it has no post-mortem') } },
        post: {
          summary: "Start the incident's post-mortem: the Timeline drafted from its event log, Impact pre-filled (both version 0); the existing one answers 200",
          parameters: [idParam('id')],
          requestBody: { required: false, content: json(createPostmortemBodySchema) },
          responses: { 200: ok('Existing post-mortem', postmortemSchema), 201: ok('Post-mortem', postmortemSchema), 400: error('ownerId names no person'), 404: error('No such incident') },
        },
      },
      '/api/v1/incidents/{id}/recurrence': { get: { summary: 'Earlier incidents of the same service whose post-mortems still have open action items', parameters: [idParam('id')], responses: { 200: ok('Recurrence', recurrenceSchema), 404: error('No such incident') } } },
      '/api/v1/postmortems/{id}': {
        get: { summary: 'A post-mortem with its sections and action items', parameters: [idParam('id')], responses: { 200: ok('Post-mortem', postmortemSchema), 404: error('No such post-mortem') } },
        patch: { summary: 'Change the title, owner or follow-up date', parameters: [idParam('id')], requestBody: { required: true, content: json(patchPostmortemBodySchema) }, responses: { 200: ok('Post-mortem', postmortemSchema), 400: error('Invalid field (named)'), 409: error('postmortem_published: read-only until reopened') } },
      },
      '/api/v1/postmortems/{id}/sections/{key}': {
        put: {
          summary: 'Save one section on top of the version it was based on (optimistic concurrency)',
          parameters: [idParam('id'), idParam('key')],
          requestBody: { required: true, content: json(saveSectionBodySchema) },
          responses: {
            200: ok('Section', postmortemSectionSchema),
            400: error('Unknown section key, or invalid field'),
            409: error('stale_version (error.details = {current, yours}; nothing saved) or postmortem_published'),
            413: error(`Section over ${POSTMORTEM_LIMITS.sectionChars.toLocaleString('en')} characters, or the request over 1 MB`),
          },
        },
      },
      '/api/v1/postmortems/{id}/status': {
        post: { summary: 'Draft → in review → published, and back; reopening needs a reason', parameters: [idParam('id')], requestBody: { required: true, content: json(changeStatusBodySchema) }, responses: { 200: ok('Post-mortem', postmortemSchema), 400: error('reason is required to reopen'), 409: error('invalid_transition') } },
      },
      '/api/v1/postmortems/{id}/timeline-draft': { get: { summary: 'Timeline lines of the events after the ones the Timeline section was drafted from', parameters: [idParam('id')], responses: { 200: ok('Draft', timelineDraftSchema), 404: error('No such post-mortem') } } },
      '/api/v1/postmortems/{id}/presence': { put: { summary: 'Heartbeat: who has it open and where (seen in the last 30 s)', parameters: [idParam('id')], requestBody: { required: true, content: json(presenceBodySchema) }, responses: { 200: ok('Editors', presenceSchema), 404: error('No such post-mortem') } } },
      '/api/v1/postmortems/{id}/export.md': { get: { summary: 'The whole post-mortem as one markdown document (attachment)', parameters: [idParam('id')], responses: { 200: { description: 'text/markdown' }, 404: error('No such post-mortem') } } },
      '/api/v1/postmortems/{id}/action-items': {
        post: { summary: 'Add an action item (owner: a person; a past due date is stored with a warning)', parameters: [idParam('id')], requestBody: { required: true, content: json(createActionItemBodySchema) }, responses: { 201: ok('Item and warnings', actionItemWriteResultSchema), 400: error('ownerId names no person, or invalid field'), 409: error('postmortem_published') } },
      },
      '/api/v1/action-items': { get: { summary: 'Action items across post-mortems, by due date (query: owner=me|id, status=open|overdue|closed|all, teamId, serviceId)', responses: { 200: ok('Action items', list(actionItemSchema)), 400: error('Unknown or invalid query parameter (named)') } } },
      '/api/v1/action-items/{id}': {
        patch: { summary: 'Change an action item on top of its version', parameters: [idParam('id')], requestBody: { required: true, content: json(patchActionItemBodySchema) }, responses: { 200: ok('Item and warnings', actionItemWriteResultSchema), 400: error('Invalid field'), 404: error('No such action item'), 409: error('stale_version (error.details = {current, yours})') } },
        delete: { summary: 'Delete an action item', parameters: [idParam('id')], responses: { 204: { description: 'Deleted' }, 404: error('No such action item'), 409: error('postmortem_published') } },
      },
      '/api/v1/metrics': {
        get: {
          summary: 'MTTA, MTTR and time to first escalation per week or month in the viewer’s zone (median, p90; milliseconds), per group, with interruptions per person and an optional before/after comparison',
          parameters: metricsParams,
          responses: { 200: ok('Metrics', metricsSchema), 400: error('Bad query: to not after from, a range over 3 years, one comparison end only, not an IANA zone, or an unknown parameter (each named)'), 401: error('Not signed in') },
        },
      },
      '/api/v1/metrics.csv': {
        get: {
          summary: 'The same numbers as CSV (formula-safe): view=incidents, one row per bucket and group, durations in minutes; view=interruptions, one row per person',
          parameters: [...metricsParams, { name: 'view', in: 'query', schema: { type: 'string', enum: ['incidents', 'interruptions'], default: 'incidents' } }],
          responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, 400: error('Bad query (as for /api/v1/metrics)'), 401: error('Not signed in') },
        },
      },
      '/api/v1/status/subscribers/summary': {
        get: {
          summary: 'How many confirmed status-page subscribers there are, per kind (counts only: addresses are never shown)',
          responses: { 200: ok('Counts', z.object({ email: z.number().int(), webhook: z.number().int() })), 401: error('Not signed in'), 403: error('Needs status:edit') },
        },
      },
      '/api/v1/status/chat-mirrors': {
        get: { summary: 'Chat mirrors (Slack, Teams, Slack-compatible) per team or service; each shows its URL’s host only', responses: { 200: ok('Mirrors', list(chatMirrorSchema)), 403: error('Needs status:edit') } },
        post: {
          summary: 'Adds a chat mirror; the URL is a secret and is never returned',
          requestBody: { required: true, content: json(createChatMirrorSchema) },
          responses: { 201: ok('Created', chatMirrorSchema), 400: error('A bad field (named), an unknown scopeId, or a loopback/private URL'), 403: error('Needs status:edit') },
        },
      },
      '/api/v1/status/chat-mirrors/{id}': {
        delete: { summary: 'Removes a chat mirror', parameters: [idParam('id')], responses: { 204: { description: 'Removed' }, 404: error('No such mirror') } },
      },
      '/api/v1/status/chat-mirrors/{id}/test': {
        post: {
          summary: 'Sends a sample message now and answers how it went',
          parameters: [idParam('id')],
          responses: { 200: ok('Outcome', z.object({ ok: z.boolean(), error: z.string().nullable() })), 404: error('No such mirror') },
        },
      },
      ...statusAdminPaths({ json, ok, error, list, idParam }),
      '/healthz': { get: { summary: 'The process is alive', responses: { 200: { description: 'ok' } } } },
      '/readyz': { get: { summary: 'The database answers', responses: { 200: { description: 'ready' }, 503: { description: 'not ready' } } } },
    },
  };
}

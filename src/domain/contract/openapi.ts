// The OpenAPI 3.1 description of contract v2, generated from the same zod schemas the phone and
// the server run (z.toJSONSchema, JSON Schema 2020-12 = OpenAPI 3.1's dialect). Written to
// docs/openapi.json by `npm run docs:openapi` and served at GET /api/v2/openapi.json.
import { z } from 'zod';
import { RECORD_KINDS } from '../recordKinds';
import { META_DECLARATIONS } from '../kinds/meta';
import {
  apiErrorSchema,
  districtKeySchema,
  enrollRequestV2Schema,
  enrollResponseV2Schema,
  envelopeV2Schema,
  feedItemSchema,
  feedPageSchema,
  publicJwkSchema,
  pushResponseV2Schema,
  pushResultV2Schema,
  sealedSchema,
  FEED_LIMIT_DEFAULT,
  FEED_LIMIT_MAX,
  MAX_PUSH_RECORDS_V2,
} from './schemas';

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  const { $schema: _ignored, ...rest } = json as Record<string, unknown>;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

const commonErrors = {
  '400': errorResponse('malformed: not JSON, wrong shape'),
  '413': errorResponse('payload_too_large'),
  '415': errorResponse('unsupported_media_type'),
  '429': errorResponse('rate_limited or busy; honour Retry-After'),
  '503': errorResponse('busy; honour Retry-After'),
};
const authErrors = {
  '401': errorResponse('unauthorized: missing, malformed or unknown token'),
  '403': errorResponse('device_revoked'),
};

/** The whole OpenAPI document (deterministic: same schemas, same output). */
export function openApiDocument(version = '2'): Record<string, unknown> {
  const metaSchemas = Object.fromEntries(
    RECORD_KINDS.map((kind) => [`Meta_${kind}`, schemaOf(META_DECLARATIONS[kind].schema, 'input')]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jejaring sync contract v2',
      version,
      description:
        'Sealed records from volunteers’ phones to the district server, and a feed back to the phones. ' +
        'Prose, byte formats and the QR enrollment URL: docs/sync-protocol-v2.md.',
    },
    components: {
      securitySchemes: { device: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Envelope: {
          ...schemaOf(envelopeV2Schema, 'input'),
          description:
            'A sealed record. `meta` must match the kind’s Meta_<kind> schema (strict); a tombstone may carry {}.',
        },
        Sealed: schemaOf(sealedSchema, 'input'),
        PublicJwk: schemaOf(publicJwkSchema, 'input'),
        DistrictKey: schemaOf(districtKeySchema, 'output'),
        PushResult: schemaOf(pushResultV2Schema, 'output'),
        PushResponse: schemaOf(pushResponseV2Schema, 'output'),
        FeedItem: schemaOf(feedItemSchema, 'output'),
        FeedPage: schemaOf(feedPageSchema, 'output'),
        EnrollRequest: schemaOf(enrollRequestV2Schema, 'input'),
        EnrollResponse: schemaOf(enrollResponseV2Schema, 'output'),
        Error: schemaOf(apiErrorSchema, 'output'),
        ...metaSchemas,
      },
    },
    paths: {
      '/api/v2/devices/enroll': {
        post: {
          summary: 'Enroll a phone with a code from the coordinator and its device public key',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('EnrollRequest') } },
          },
          responses: {
            '201': {
              description: 'Enrolled; the district’s keys to seal to',
              content: { 'application/json': { schema: ref('EnrollResponse') } },
            },
            '403': errorResponse('enrollment_code_invalid'),
            ...commonErrors,
          },
        },
      },
      '/api/v2/sync/push': {
        post: {
          summary: 'Push sealed records; one result per record, in request order',
          security: [{ device: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['records'],
                  properties: {
                    records: {
                      type: 'array',
                      minItems: 1,
                      maxItems: MAX_PUSH_RECORDS_V2,
                      items: ref('Envelope'),
                    },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'Results (stored, duplicate, stale, rejected)',
              content: { 'application/json': { schema: ref('PushResponse') } },
            },
            ...authErrors,
            ...commonErrors,
          },
        },
      },
      '/api/v2/sync/feed': {
        get: {
          summary: 'Items addressed to this phone or to every phone, after a cursor',
          security: [{ device: [] }],
          parameters: [
            {
              name: 'after',
              in: 'query',
              required: false,
              description: 'Cursor of an earlier page (opaque); absent: from the start',
              schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9_-]*$' },
            },
            {
              name: 'limit',
              in: 'query',
              required: false,
              schema: {
                type: 'integer',
                minimum: 1,
                maximum: FEED_LIMIT_MAX,
                default: FEED_LIMIT_DEFAULT,
              },
            },
          ],
          responses: {
            '200': {
              description: 'A page of items and the cursor after it',
              content: { 'application/json': { schema: ref('FeedPage') } },
            },
            ...authErrors,
            '400': errorResponse('malformed cursor or limit'),
            '429': commonErrors['429'],
          },
        },
      },
      '/api/v1/sync/push': {
        post: {
          summary: 'Retired: answers 410 upgrade_required',
          deprecated: true,
          responses: { '410': errorResponse('upgrade_required') },
        },
      },
      '/api/v2/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
    },
  };
}

/** The document as docs/openapi.json holds it (2-space JSON, final newline). */
export function openApiText(): string {
  return JSON.stringify(openApiDocument(), null, 2) + '\n';
}

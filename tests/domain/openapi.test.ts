// docs/openapi.json is generated from the zod schemas; a stale checked-in copy fails here
// (regenerate with `npm run docs:openapi`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument, openApiText } from '../../src/domain/contract/openapi';

const FILE = path.resolve(import.meta.dirname, '../../docs/openapi.json');

describe('docs/openapi.json', () => {
  it('equals what npm run docs:openapi generates', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(openApiText());
  });
  it('is OpenAPI 3.1 with every v2 path and a meta schema per kind', () => {
    const doc = openApiDocument() as {
      openapi: string;
      paths: object;
      components: { schemas: object };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v2/sync/push', '/api/v2/sync/feed', '/api/v2/devices/enroll']),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Envelope', 'FeedItem', 'Meta_screening', 'Meta_awareness_session']),
    );
  });
});

// Writes docs/openapi.json from the contract's zod schemas (src/domain/contract/openapi.ts).
// `npm run docs:openapi`; tests/domain/openapi.test.ts fails when the checked-in file differs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiText } from '../src/domain/contract/openapi';

const file = path.resolve(import.meta.dirname, '..', 'docs', 'openapi.json');
writeFileSync(file, openApiText());
console.info(`wrote ${path.relative(process.cwd(), file)}`);

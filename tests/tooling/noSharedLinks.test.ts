// The product must not point to ../shared (users do not have it): its contract lives in docs/.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Comments of the sync engine still name the old path; they go with the engine's v2 rewrite
// (helper v2-phone). Any other file naming it fails.
const PENDING = new Set(['src/sync/README.md', 'src/sync/engine.ts']);

describe('no links to ../shared', () => {
  it('no tracked file outside the pending list mentions shared/docs or ../shared', () => {
    const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
      .split('\n')
      .filter((file) => /\.(ts|tsx|js|md|json|html|css)$/.test(file))
      .filter((file) => !file.startsWith('tests/tooling/noSharedLinks'));
    const offenders = files.filter((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return false;
      }
      return /shared\/docs|\.\.\/shared/.test(text) && !PENDING.has(file);
    });
    expect(offenders).toEqual([]);
  });
});

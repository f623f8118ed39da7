// The product must not point to ../shared (users do not have it): its contract lives in docs/.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('no links to ../shared', () => {
  it('no tracked file mentions shared/docs or ../shared', () => {
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
      return /shared\/docs|\.\.\/shared/.test(text);
    });
    expect(offenders).toEqual([]);
  });
});

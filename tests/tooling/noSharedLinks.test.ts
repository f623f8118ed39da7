// The product must not point to the workspace folder outside the repository (its users do not
// have it): the contract and the domain terms live in docs/. The folder's name is assembled here
// so that this file does not mention it either, and it checks itself too.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const OUTSIDE = ['shared'].map((name) => [`..\\/${name}`, `${name}\\/docs`]).flat();
const MENTION = new RegExp(OUTSIDE.join('|'));

describe('no links outside the repository', () => {
  it('no tracked file mentions the outside folder or its docs', () => {
    const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
      .split('\n')
      .filter((file) => /\.(ts|tsx|js|md|json|html|css|yml|yaml|sh)$/.test(file));
    expect(files).toContain('tests/tooling/noSharedLinks.test.ts');
    const offenders = files.filter((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return false;
      }
      return MENTION.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('the check finds a mention where there is one (control)', () => {
    expect(MENTION.test(`see ${'..'}/${'shared'}/docs/x.md`)).toBe(true);
    expect(MENTION.test('see docs/sync-protocol-v2.md')).toBe(false);
  });
});

// The browser finder behind playwright.config.ts: CHROME_PATH wins, the usual places follow, and
// with no browser at all the run fails with install advice (it never skips, never downloads).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { findChromium } from './chromium';

let dir: string;
let fakeBrowser: string;

test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jejaring-finder-'));
  fakeBrowser = join(dir, 'chromium');
  writeFileSync(fakeBrowser, '#!/bin/sh\n');
  chmodSync(fakeBrowser, 0o755);
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const nowhere = { files: ['/nonexistent/chromium'], commands: ['jejaring-no-such-browser'] };

test('CHROME_PATH comes first', () => {
  expect(findChromium({ CHROME_PATH: fakeBrowser }, nowhere)).toBe(fakeBrowser);
});

test('a CHROME_PATH that is not an executable is an error, not a silent fallback', () => {
  const notExecutable = join(dir, 'not-a-browser');
  writeFileSync(notExecutable, '');
  expect(() =>
    findChromium({ CHROME_PATH: notExecutable }, { files: [fakeBrowser], commands: [] }),
  ).toThrow(/CHROME_PATH/);
});

test('without CHROME_PATH the first installed candidate is used', () => {
  expect(findChromium({}, { files: ['/nonexistent/chromium', fakeBrowser], commands: [] })).toBe(
    fakeBrowser,
  );
});

test('with no browser anywhere the run fails with install advice', () => {
  expect(() => findChromium({}, nowhere)).toThrow(
    'No Chromium found. Install one: apt-get install -y chromium, or set CHROME_PATH',
  );
});

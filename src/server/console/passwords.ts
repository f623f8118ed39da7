// Password hashing with Argon2id (hash-wasm), and the strength rule for new passwords.
//
// Parameters (OWASP's second recommended set for Argon2id): 19 MiB of memory, 2 passes, one lane,
// a 16-byte random salt and a 32-byte tag, kept in the PHC string so they can be raised later
// without breaking old hashes (verify reads them from the hash).
import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as indonesian from '@zxcvbn-ts/language-id';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../domain/console';

export const ARGON2ID_PARAMS = {
  memorySize: 19_456,
  iterations: 2,
  parallelism: 1,
  hashLength: 32,
  saltLength: 16,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return argon2id({
    password: password.normalize('NFC'),
    salt: randomBytes(ARGON2ID_PARAMS.saltLength),
    parallelism: ARGON2ID_PARAMS.parallelism,
    iterations: ARGON2ID_PARAMS.iterations,
    memorySize: ARGON2ID_PARAMS.memorySize,
    hashLength: ARGON2ID_PARAMS.hashLength,
    outputType: 'encoded',
  });
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await argon2Verify({ password: password.normalize('NFC'), hash });
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification without an account to verify against, so an unknown
 * username answers as slowly as a wrong password (no username probing by timing).
 */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('jejaring-timing-equaliser');
  await verifyPassword(password, await dummyHash);
  return false;
}

let strength: ZxcvbnFactory | undefined;

/** Why a new password is refused, or undefined when it is strong enough. */
export function passwordProblem(password: string, context: string[] = []): string | undefined {
  if ([...password].length < PASSWORD_MIN)
    return `Use at least ${PASSWORD_MIN} characters (a few words work well).`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  strength ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...indonesian.dictionary },
    graphs: common.adjacencyGraphs,
  });
  const score = strength.check(password, context).score;
  if (score < 3) return 'This password is easy to guess: add words or make it longer.';
  return undefined;
}

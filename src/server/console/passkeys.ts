// Passkeys (WebAuthn, SimpleWebAuthn): registering one for the signed-in account, and using one
// as the second factor after the password or on its own (passwordless, user verification
// required). Challenges live in the database (single use, 5 minutes) so replicas share them.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { ServerDb } from '../db';
import type { AccountRow } from './accounts';

const CHALLENGE_MS = 5 * 60_000;

export interface RelyingParty {
  name: string;
  /** The console's origin, e.g. https://jejaring.kab-contoh.go.id. */
  origin: string;
}

const rpIdOf = (rp: RelyingParty): string => new URL(rp.origin).hostname;

async function storeChallenge(
  db: ServerDb,
  challenge: string,
  purpose: 'register' | 'authenticate',
  accountId: string | null,
  now: Date,
): Promise<void> {
  // Expired challenges of the past are swept here; they carry nothing worth keeping.
  await db.deleteFrom('console_challenges').where('expires_at', '<', now.toISOString()).execute();
  await db
    .insertInto('console_challenges')
    .values({
      challenge,
      purpose,
      account_id: accountId,
      expires_at: new Date(now.getTime() + CHALLENGE_MS).toISOString(),
    })
    .execute();
}

/** Spends a challenge once; true when it was outstanding for this purpose (and account). */
async function spendChallenge(
  db: ServerDb,
  challenge: string,
  purpose: 'register' | 'authenticate',
  accountId: string | null,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('console_challenges')
    .selectAll()
    .where('challenge', '=', challenge)
    .executeTakeFirst();
  if (row === undefined) return false;
  const deleted = await db
    .deleteFrom('console_challenges')
    .where('challenge', '=', challenge)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) return false;
  return (
    row.purpose === purpose &&
    row.expires_at > now.toISOString() &&
    (row.account_id === null || row.account_id === accountId)
  );
}

async function credentialsOf(db: ServerDb, accountId: string) {
  return db
    .selectFrom('console_passkeys')
    .selectAll()
    .where('account_id', '=', accountId)
    .execute();
}

export async function registrationOptions(
  db: ServerDb,
  rp: RelyingParty,
  account: AccountRow,
  now: Date,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await credentialsOf(db, account.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rpIdOf(rp),
    userName: account.username,
    userDisplayName: account.display_name,
    userID: new TextEncoder().encode(account.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({
      id: c.id,
      transports: JSON.parse(c.transports) as string[],
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await storeChallenge(db, options.challenge, 'register', account.id, now);
  return options;
}

export class PasskeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasskeyError';
  }
}

export async function registerPasskey(
  db: ServerDb,
  rp: RelyingParty,
  account: AccountRow,
  response: unknown,
  label: string,
  now: Date,
): Promise<{ id: string; label: string }> {
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: (challenge) => spendChallenge(db, challenge, 'register', account.id, now),
      expectedOrigin: rp.origin,
      expectedRPID: rpIdOf(rp),
      requireUserVerification: false,
    });
  } catch (error) {
    throw new PasskeyError(error instanceof Error ? error.message : 'registration failed');
  }
  if (!verified.verified) throw new PasskeyError('registration not verified');
  const { credential } = verified.registrationInfo;
  const taken = await db
    .selectFrom('console_passkeys')
    .select('id')
    .where('id', '=', credential.id)
    .executeTakeFirst();
  if (taken !== undefined) throw new PasskeyError('this passkey is registered already');
  await db
    .insertInto('console_passkeys')
    .values({
      id: credential.id,
      account_id: account.id,
      public_key: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: JSON.stringify(credential.transports ?? []),
      label: label || 'Passkey',
      created_at: now.toISOString(),
      last_used_at: null,
    })
    .execute();
  return { id: credential.id, label: label || 'Passkey' };
}

/**
 * Options for signing in with a passkey: for the pending session's account (second factor), or
 * for anyone (passwordless; the browser offers its discoverable passkeys).
 */
export async function authenticationOptions(
  db: ServerDb,
  rp: RelyingParty,
  account: AccountRow | undefined,
  now: Date,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allow = account === undefined ? [] : await credentialsOf(db, account.id);
  const options = await generateAuthenticationOptions({
    rpID: rpIdOf(rp),
    allowCredentials: allow.map((c) => ({
      id: c.id,
      transports: JSON.parse(c.transports) as string[],
    })),
    userVerification: account === undefined ? 'required' : 'preferred',
  });
  await storeChallenge(db, options.challenge, 'authenticate', account?.id ?? null, now);
  return options;
}

/**
 * Verifies a passkey sign-in; returns the account id it belongs to. `expectedAccount` (second
 * factor) must own the credential; without it (passwordless) user verification is required.
 */
export async function verifyPasskey(
  db: ServerDb,
  rp: RelyingParty,
  response: unknown,
  expectedAccount: string | undefined,
  now: Date,
): Promise<string> {
  const id = (response as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') throw new PasskeyError('no credential id');
  const stored = await db
    .selectFrom('console_passkeys')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (stored === undefined) throw new PasskeyError('unknown passkey');
  if (expectedAccount !== undefined && stored.account_id !== expectedAccount)
    throw new PasskeyError('passkey of another account');
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: (challenge) =>
        spendChallenge(db, challenge, 'authenticate', stored.account_id, now),
      expectedOrigin: rp.origin,
      expectedRPID: rpIdOf(rp),
      credential: {
        id: stored.id,
        publicKey: new Uint8Array(Buffer.from(stored.public_key, 'base64url')),
        counter: Number(stored.counter),
        transports: JSON.parse(stored.transports) as string[],
      },
      requireUserVerification: expectedAccount === undefined,
    });
  } catch (error) {
    throw new PasskeyError(error instanceof Error ? error.message : 'verification failed');
  }
  if (!verified.verified) throw new PasskeyError('not verified');
  await db
    .updateTable('console_passkeys')
    .set({ counter: verified.authenticationInfo.newCounter, last_used_at: now.toISOString() })
    .where('id', '=', stored.id)
    .execute();
  return stored.account_id;
}

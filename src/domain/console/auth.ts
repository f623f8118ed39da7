// Console accounts, roles and sign-in: the shapes the console's browser app and the server share
// (docs/console-api.md). Nothing here is personal data of a victim or reporter; usernames and
// display names belong to district staff.
import { z } from 'zod';

/** Who may do what on the console (see docs/console-api.md, "Roles"). */
export const CONSOLE_ROLES = ['admin', 'coordinator', 'viewer'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 80;

/** Lower-case letters, digits, dot, dash, underscore; 2–40 characters. Compared lower-cased. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME_PATTERN, 'username: 2–40 of a-z 0-9 . _ -, starting with a letter or digit');

export const displayNameSchema = z.string().trim().min(1).max(DISPLAY_NAME_MAX);

export const rolesSchema = z
  .array(z.enum(CONSOLE_ROLES))
  .min(1)
  .max(CONSOLE_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'each role at most once');

/** A password as sent; its strength is checked by the server (length and zxcvbn-ts score). */
export const passwordSchema = z.string().min(1).max(PASSWORD_MAX);

export const loginRequestSchema = z
  .object({ username: z.string().max(100), password: passwordSchema })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** The signed-in account (GET /me). */
export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(CONSOLE_ROLES)),
  /** Passkeys registered (as second factor or for signing in without a password). */
  passkeys: z.number().int().min(0),
});
export type Me = z.infer<typeof meSchema>;

/**
 * Answer of POST /auth/login and POST /auth/setup. With `needsSecondFactor` the session is
 * pending: only /auth/passkey/* and /auth/logout answer until the passkey is verified.
 */
export const loginResponseSchema = z.object({ account: meSchema, needsSecondFactor: z.boolean() });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** The one-time setup link's token (base64url, 43 characters). */
export const setupTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/);

export const setupRequestSchema = z
  .object({ token: setupTokenSchema, password: passwordSchema })
  .strict();

export const passwordChangeSchema = z
  .object({ current: passwordSchema, next: passwordSchema })
  .strict();

/** Where the one-time setup link opens the console: `<origin>/koordinator/#/setup?token=…`. */
export function setupLinkFor(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/koordinator/#/setup?token=${encodeURIComponent(token)}`;
}

/** Hours a setup link stays valid. */
export const SETUP_TOKEN_HOURS = 24;
/** Minutes without a request after which a session ends. */
export const SESSION_IDLE_MINUTES = 30;
/** Hours after sign-in after which a session ends however active it was. */
export const SESSION_ABSOLUTE_HOURS = 12;
export const SESSION_COOKIE = 'jejaring_session';

/** An account as administrators see it (GET /accounts). */
export const accountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(CONSOLE_ROLES)),
  disabled: z.boolean(),
  createdAt: z.string(),
  /** True until the account's setup link was used (no password yet). */
  setupPending: z.boolean(),
  passkeys: z.number().int().min(0),
});
export type Account = z.infer<typeof accountSchema>;

export const accountCreateSchema = z
  .object({ username: usernameSchema, displayName: displayNameSchema, roles: rolesSchema })
  .strict();
export type AccountCreate = z.infer<typeof accountCreateSchema>;

export const accountCreatedSchema = z.object({ account: accountSchema, setupLink: z.string() });

export const accountPatchSchema = z
  .object({ roles: rolesSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine(
    (patch) => patch.roles !== undefined || patch.disabled !== undefined,
    'nothing to change',
  );
export type AccountPatch = z.infer<typeof accountPatchSchema>;

/**
 * WebAuthn ceremonies. Options and responses are SimpleWebAuthn's JSON shapes (checked by the
 * server's verifier), so they are passed through as objects here.
 */
export const passkeyOptionsRequestSchema = z
  .object({ username: z.string().max(100).optional() })
  .strict();
export const passkeyVerifyRequestSchema = z
  .object({ response: z.record(z.string(), z.unknown()) })
  .strict();
export const passkeyRegisterRequestSchema = z
  .object({
    response: z.record(z.string(), z.unknown()),
    /** 'second_factor': asked after the password; 'passwordless': signs in on its own too. */
    label: z.string().trim().max(60).optional(),
  })
  .strict();

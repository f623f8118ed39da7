// What the console's route modules share: their dependencies, reading a JSON body against a zod
// schema (bad input is a 400 with the paths at fault, never a 5xx), and the audit actor.
import type { Context } from 'hono';
import type { z } from 'zod';
import { readJsonBody } from '../../body';
import { apiError, type AppEnv, type RouteDeps } from '../../http/common';
import type { ConsoleOriginOptions } from '../guard';
import type { ThrottlePolicy } from '../throttle';
import type { AuditInput } from '../audit';

export interface ConsoleDeps extends RouteDeps, ConsoleOriginOptions {
  throttle: ThrottlePolicy;
  /** Name shown by passkey prompts ("Jejaring <district>"). */
  rpName: string;
}

/** Console bodies are small: accounts, reviews with a sealed note, a directory of contacts. */
export const CONSOLE_BODY_MAX = 256 * 1024;

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

export async function parseBody<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  what: string,
): Promise<Parsed<z.infer<S>>> {
  const body = await readJsonBody(c.req.raw, CONSOLE_BODY_MAX, {
    shape: { maxDepth: 16, maxNodes: 20_000 },
  });
  if (!body.ok) return { ok: false, response: apiError(c, body.status, body.code, body.message) };
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => issue.path.join('.') || '(body)')
      .join(', ');
    return {
      ok: false,
      response: apiError(c, 400, 'malformed', `${what}: check ${where}.`),
    };
  }
  return { ok: true, data: parsed.data as z.infer<S> };
}

/** Query parameters against a zod schema. */
export function parseQuery<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  what: string,
): Parsed<z.infer<S>> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success)
    return {
      ok: false,
      response: apiError(
        c,
        400,
        'malformed',
        `${what}: check ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}.`,
      ),
    };
  return { ok: true, data: parsed.data as z.infer<S> };
}

/** The signed-in account as the audit log names it. */
export function actor(c: Context<AppEnv>): Pick<AuditInput, 'actorId' | 'actorName'> {
  const account = c.get('consoleSession')?.account;
  return account === undefined
    ? { actorId: null, actorName: '' }
    : { actorId: account.id, actorName: account.username };
}

/** A path parameter that is a plausible id (uuid-like), or undefined. */
export function idParam(c: Context<AppEnv>, name = 'id'): string | undefined {
  const value = c.req.param(name);
  return value !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : undefined;
}

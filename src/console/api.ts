// The console's only door to the server: JSON over /api/console/ with the session cookie (set by
// the server, HttpOnly). Same-origin requests carry the Origin header the server checks against
// CSRF. Errors become ApiError with the contract's code; the screens turn codes into words.
import { createStore } from './store';

export const API_BASE = '/api/console';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Raised once per expiry: the shell listens and shows the sign-in screen. */
export const sessionExpired = createStore(0);

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
    const retry = Number(response.headers.get('retry-after'));
    if (response.status === 401 && !path.startsWith('/auth/')) sessionExpired.update((n) => n + 1);
    throw new ApiError(
      response.status,
      code,
      typeof error?.message === 'string' ? error.message : response.statusText,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return json as T;
}

/** i18n key for an error's code, falling back to a general message. */
export function errorKey(error: unknown): string {
  if (error instanceof ApiError) {
    const known = [
      'network',
      'unauthenticated',
      'forbidden',
      'rate_limited',
      'bad_origin',
      'invalid_credentials',
      'invalid_token',
      'not_found',
      'disabled',
    ];
    if (known.includes(error.code)) return `console:errors.${error.code}`;
    if (error.status === 401) return 'console:errors.invalid_credentials';
    if (error.status >= 500) return 'console:errors.server';
    return 'console:errors.request';
  }
  return 'console:errors.unexpected';
}

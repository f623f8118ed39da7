// Appends whose number is max + 1 (audit, reviews) can lose a race on PostgreSQL, where several
// connections write at once: the primary key refuses the second row and the writer runs its
// transaction again. On SQLite one connection serialises writers, so the loop runs once.
import { isRetryableConflict } from '../dialects/postgres';

const MAX_ATTEMPTS = 20;

function isSqliteConstraint(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

export async function withAppendRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !(isRetryableConflict(error) || isSqliteConstraint(error)))
        throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

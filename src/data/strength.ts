// Passphrase strength (vault passphrase instead of a PIN, backup files): long enough, several
// words, and not guessable according to zxcvbn-ts with the common and Indonesian dictionaries
// (loaded on first use: they are large).

export const MIN_VAULT_PASSPHRASE_LENGTH = 12;
export const MIN_PASSPHRASE_WORDS = 3;
/** zxcvbn score (0–4) a passphrase must reach: 3 means "safely unguessable" offline at slow hashing. */
export const MIN_PASSPHRASE_SCORE = 3;

export type PassphraseProblem = 'too_short' | 'few_words' | 'guessable';
export type PassphraseVerdict =
  { ok: true; score: number } | { ok: false; problem: PassphraseProblem; score?: number };

type Checker = { check(password: string, userInputs?: string[]): { score: number } };
let checker: Promise<Checker> | undefined;

function loadChecker(): Promise<Checker> {
  checker ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-id'),
  ]).then(
    ([core, common, id]) =>
      new core.ZxcvbnFactory({
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...id.dictionary },
        translations: id.translations,
      }),
  );
  return checker;
}

/** Words: runs of letters or digits (a passphrase is words, not one long token). */
export function countWords(passphrase: string): number {
  return passphrase.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2).length;
}

/** Whether a typed passphrase is strong enough; `minLength` is 12 for the vault, 8 for backups. */
export async function checkPassphrase(
  passphrase: string,
  minLength = MIN_VAULT_PASSPHRASE_LENGTH,
  userInputs: string[] = ['jejaring', 'tppo', 'relawan'],
): Promise<PassphraseVerdict> {
  if (passphrase.length < minLength) return { ok: false, problem: 'too_short' };
  if (countWords(passphrase) < MIN_PASSPHRASE_WORDS) return { ok: false, problem: 'few_words' };
  const { score } = (await loadChecker()).check(passphrase, userInputs);
  if (score < MIN_PASSPHRASE_SCORE) return { ok: false, problem: 'guessable', score };
  return { ok: true, score };
}

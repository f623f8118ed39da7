// Strength of a passphrase or password typed on the console: zxcvbn-ts with the common and the
// Indonesian dictionaries (loaded on first use), plus length and word-count floors. Weak ones are
// refused: a district key's passphrase is all that protects a stolen recovery file.

export const MIN_PASSPHRASE_LENGTH = 12;
export const MIN_SCORE = 3;

export type StrengthProblem = 'too_short' | 'guessable';
export interface StrengthVerdict {
  ok: boolean;
  /** zxcvbn score 0–4 (0 when too short to score). */
  score: number;
  problem?: StrengthProblem;
}

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

/** Words that make a passphrase guessable here (the product, the district's usual words). */
const USER_INPUTS = ['jejaring', 'tppo', 'koordinator', 'kabupaten', 'gugus', 'tugas', 'uptd'];

export async function checkStrength(
  passphrase: string,
  minLength = MIN_PASSPHRASE_LENGTH,
): Promise<StrengthVerdict> {
  if (passphrase.length < minLength) return { ok: false, score: 0, problem: 'too_short' };
  const { score } = (await loadChecker()).check(passphrase, USER_INPUTS);
  if (score < MIN_SCORE) return { ok: false, score, problem: 'guessable' };
  return { ok: true, score };
}

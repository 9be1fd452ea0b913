import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary, translations } from "@zxcvbn-ts/language-en";

/**
 * zxcvbn's score runs 0 (guessable in under 10^3 guesses) to 4 (over 10^10). 3 ("safely unguessable": over 10^8
 * guesses, moderate protection from an offline attack) is the least an admin password may score; Dropbox's paper
 * "zxcvbn: Low-Budget Password Strength Estimation" (USENIX Security 2016) defines the bands.
 */
export const MIN_PASSWORD_SCORE = 3;

const SCORE_LABELS = ["very weak", "weak", "fair", "strong", "very strong"] as const;

/** score 0–4; `label` for people; `feedback` is zxcvbn's own warning and suggestions, in English. */
export type PasswordStrength = { score: number; label: (typeof SCORE_LABELS)[number]; strongEnough: boolean; feedback: string[] };

let estimator: ZxcvbnFactory | undefined;

/** Built on first use (the dictionaries are large): a form that never checks a password does not pay for them. */
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations,
    graphs: adjacencyGraphs,
    dictionary: { ...commonDictionary, ...englishDictionary, userInputs: ["outgate", "admin", "mail", "smtp", "gateway"] },
  });
  return estimator;
}

/** How guessable a password is, with zxcvbn's feedback text. Runs in the browser and on the server alike. */
export function estimatePasswordStrength(password: string): PasswordStrength {
  const result = getEstimator().check(password);
  const score = result.score;
  const feedback = [result.feedback.warning, ...result.feedback.suggestions].filter((text): text is string => !!text);
  return { score, label: SCORE_LABELS[score], strongEnough: score >= MIN_PASSWORD_SCORE, feedback };
}

/** The field error for a password that scores too low: what zxcvbn found, then what would help. */
export function weakPasswordMessage(strength: PasswordStrength): string {
  const advice = strength.feedback.length > 0 ? ` ${strength.feedback.join(" ")}` : " Add more words or characters.";
  return `This password is too easy to guess (${strength.label}).${advice}`;
}

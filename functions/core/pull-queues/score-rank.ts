/** Scores are bounded by the lead schema; the rank inverts them within these bounds. */
const SCORE_BOUND = 1_000_000;
/** Millionths keep every distinct score a lead can carry in practice apart. */
const SCORE_SCALE = 1_000_000;
/** Digits of the inverted score in millionths: up to 2·10¹² fits in 13. */
const RANK_DIGITS = 13;

/**
 * The sort key that serves a queue in score order: highest score first, then oldest, and
 * leads without a score after every scored one (oldest first). It is a string that sorts
 * that way byte by byte (DynamoDB compares sort keys as bytes): the score is inverted and
 * zero-padded in millionths, then the arrival time.
 */
export function scoreRank(score: number | undefined, createdAt: string): string {
  if (score === undefined || !Number.isFinite(score)) return `1#${createdAt}`;
  const bounded = Math.min(SCORE_BOUND, Math.max(-SCORE_BOUND, score));
  const inverted = Math.round((SCORE_BOUND - bounded) * SCORE_SCALE);
  return `0${String(inverted).padStart(RANK_DIGITS, '0')}#${createdAt}`;
}

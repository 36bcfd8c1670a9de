/** "★★★★☆" for 4.3: whole stars filled, rounded to the nearest star; the label says the number. */
export function ratingStars(average: number): string {
  const filled = Math.round(average);
  return "★".repeat(filled) + "☆".repeat(5 - filled);
}

/** "Rated 4.3 out of 5 by 12 learners"; "Not rated yet" without ratings. */
export function ratingSentence(average: number | null | undefined, count: number): string {
  if (average == null || count === 0) return "Not rated yet";
  return `Rated ${average.toFixed(1)} out of 5 by ${count} ${count === 1 ? "learner" : "learners"}`;
}

export function coursePath(slug: string): string {
  return `/courses/${encodeURIComponent(slug)}`;
}

export function courseEditorPath(courseId: string): string {
  return `/teach/courses/${encodeURIComponent(courseId)}/edit`;
}

export function courseAnalyticsPath(courseId: string): string {
  return `/teach/courses/${encodeURIComponent(courseId)}/analytics`;
}

/** The course player: at the video, or (without one) where the learner left off. */
export function learnPath(courseId: string, videoId?: string): string {
  const course = `/learn/courses/${encodeURIComponent(courseId)}`;
  return videoId ? `${course}/videos/${encodeURIComponent(videoId)}` : course;
}

/** A quiz of a course, taken by its learner. */
export function quizPath(courseId: string, quizId: string): string {
  return `/learn/courses/${encodeURIComponent(courseId)}/quizzes/${encodeURIComponent(quizId)}`;
}

/** A course's lecture Q&A, searchable. */
export function questionsPath(courseId: string): string {
  return `/learn/courses/${encodeURIComponent(courseId)}/questions`;
}

/** A question's thread, opened under its video's player. */
export function questionPath(courseId: string, videoId: string, questionId: string): string {
  return `${learnPath(courseId, videoId)}?question=${encodeURIComponent(questionId)}`;
}

export const MY_LEARNING_PATH = "/learn";

/** API keys and webhook endpoints, for people who teach. */
export const PARTNERS_PATH = "/partners";

/** The signed-in person's payments, with receipts. */
export const PURCHASES_PATH = "/purchases";

/** The return page from a checkout: follows the payment until it settles. */
export function purchasePath(paymentId: string): string {
  return `${PURCHASES_PATH}/${encodeURIComponent(paymentId)}`;
}

// What the learner is writing to the tutor about a course, and the conversation they had open:
// kept for the tab in sessionStorage, so leaving the player (or the course) and coming back loses
// nothing typed. Keyed by the user too: another person signing in on the tab sees none of it.

export interface TutorDraft {
  question: string;
  threadId: string | null;
}

const EMPTY: TutorDraft = { question: "", threadId: null };
const keyOf = (userId: string, courseId: string) => `lms.tutorDraft.${userId}.${courseId}`;

export function readTutorDraft(userId: string, courseId: string): TutorDraft {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(keyOf(userId, courseId)) ?? "null");
    if (typeof parsed !== "object" || parsed === null) return EMPTY;
    const { question, threadId } = parsed as Partial<TutorDraft>;
    return { question: typeof question === "string" ? question : "", threadId: typeof threadId === "string" ? threadId : null };
  } catch {
    return EMPTY;
  }
}

export function writeTutorDraft(userId: string, courseId: string, draft: TutorDraft): void {
  try {
    if (!draft.question && !draft.threadId) sessionStorage.removeItem(keyOf(userId, courseId));
    else sessionStorage.setItem(keyOf(userId, courseId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft lives as long as the page.
  }
}

// What the learner is writing to the tutor about a course, and the conversation they had open:
// kept for the tab in sessionStorage, so leaving the player (or the course) and coming back loses
// nothing typed.

export interface TutorDraft {
  question: string;
  threadId: string | null;
}

const EMPTY: TutorDraft = { question: "", threadId: null };
const keyOf = (courseId: string) => `lms.tutorDraft.${courseId}`;

export function readTutorDraft(courseId: string): TutorDraft {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(keyOf(courseId)) ?? "null");
    if (typeof parsed !== "object" || parsed === null) return EMPTY;
    const { question, threadId } = parsed as Partial<TutorDraft>;
    return { question: typeof question === "string" ? question : "", threadId: typeof threadId === "string" ? threadId : null };
  } catch {
    return EMPTY;
  }
}

export function writeTutorDraft(courseId: string, draft: TutorDraft): void {
  try {
    if (!draft.question && !draft.threadId) sessionStorage.removeItem(keyOf(courseId));
    else sessionStorage.setItem(keyOf(courseId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft lives as long as the page.
  }
}

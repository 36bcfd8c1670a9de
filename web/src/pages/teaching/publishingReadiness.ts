import type { EditableCourseFragment } from "../../gql/graphql";

export type ReadinessCourse = Pick<EditableCourseFragment, "title" | "description" | "sections" | "videos">;

/** needed: publishing is refused without it; advised: the course page is poorer without it. */
export type CheckOutcome = "done" | "needed" | "advised";

export interface ReadinessCheck {
  id: string;
  outcome: CheckOutcome;
  /** What the check says in its current outcome, as a full sentence. */
  text: string;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * What publishing needs and what the course page will lack, from the editor's data, which the
 * videoStatusChanged subscription keeps current: the checks change as videos become ready.
 * Learners are shown only ready videos and the sections holding one.
 */
export function publishingReadiness(course: ReadinessCourse): ReadinessCheck[] {
  const readyCount = course.videos.filter((video) => video.status === "READY").length;
  const notReady = course.videos.length - readyCount;
  const emptySections = course.sections.filter((section) => !section.videos.some((video) => video.status === "READY")).length;
  const hasDescription = course.description.trim().length > 0;
  const checks: ReadinessCheck[] = [
    {
      id: "ready-video",
      outcome: readyCount > 0 ? "done" : "needed",
      text:
        readyCount > 0
          ? `${plural(readyCount, "video is", "videos are")} ready to play.`
          : "Publishing needs at least one video that is ready to play: upload a file and wait until it is processed.",
    },
    {
      id: "description",
      outcome: hasDescription ? "done" : "advised",
      text: hasDescription
        ? "The course has a title and a description."
        : "Add a description: the course page shows it to everyone deciding whether to enroll.",
    },
  ];
  // Nothing to say about videos or sections the course does not have yet.
  if (course.videos.length > 0) {
    const them = notReady === 1 ? "it until it is" : "them until they are";
    checks.push({
      id: "videos-without-file",
      outcome: notReady === 0 ? "done" : "advised",
      text:
        notReady === 0
          ? "Every video has a ready file."
          : `${plural(notReady, "video has", "videos have")} no ready file yet: learners will not see ${them} ready.`,
    });
  }
  if (course.sections.length > 0) {
    checks.push({
      id: "empty-sections",
      outcome: emptySections === 0 ? "done" : "advised",
      text:
        emptySections === 0
          ? "Every section has a ready video."
          : `${plural(emptySections, "section has", "sections have")} no ready video: learners will not see ${emptySections === 1 ? "it" : "them"}.`,
    });
  }
  return checks;
}

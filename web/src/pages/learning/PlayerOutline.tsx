import { NavLink } from "react-router";
import { learnPath, quizPath } from "../../app/paths";
import { formatClockDuration } from "../../format/duration";
import type { PlayerQuizFragment, PlayerVideoFragment } from "../../gql/graphql";
import { quizStatusText } from "./quizStatus";

interface PlayerOutlineProps {
  courseId: string;
  parts: readonly { id: string; title: string; videos: readonly PlayerVideoFragment[] }[];
  /** Each section's quizzes, by section id, after its videos. */
  quizzesBySection: ReadonlyMap<string, readonly PlayerQuizFragment[]>;
}

function VideoState({ video }: { video: PlayerVideoFragment }) {
  const progress = video.viewerProgress;
  if (progress?.completed) {
    return (
      <span className="lesson-state lesson-state-done">
        <span aria-hidden="true">✓</span> Completed
      </span>
    );
  }
  if (progress && progress.percentWatched >= 1) {
    return <span className="lesson-state">{Math.floor(progress.percentWatched)}% watched</span>;
  }
  return <span className="lesson-state muted">{formatClockDuration(video.durationSeconds)}</span>;
}

/** The course's lessons by section, each with the learner's progress; the current one is marked. */
export function PlayerOutline({ courseId, parts, quizzesBySection }: PlayerOutlineProps) {
  return (
    <nav aria-label="Course content" className="lesson-outline">
      {parts.map((part) => (
        <section key={part.id} aria-label={part.title}>
          <h2 className="lesson-outline-title">{part.title}</h2>
          <ol>
            {part.videos.map((video) => (
              <li key={video.id}>
                {video.playback ? (
                  <NavLink to={learnPath(courseId, video.id)} className="lesson-link" replace>
                    <span>{video.title}</span>
                    <VideoState video={video} />
                  </NavLink>
                ) : (
                  <span className="lesson-link lesson-link-unavailable">
                    <span>{video.title}</span>
                    <span className="lesson-state muted">Not available yet</span>
                  </span>
                )}
              </li>
            ))}
            {(quizzesBySection.get(part.id) ?? []).map((quiz) => (
              <li key={quiz.id}>
                <NavLink to={quizPath(courseId, quiz.id)} className="lesson-link">
                  <span>
                    Quiz: {quiz.title}
                    {quiz.requiredForCompletion && <span className="muted"> (required)</span>}
                  </span>
                  <span className={quiz.viewerPassed ? "lesson-state lesson-state-done" : "lesson-state"}>
                    {quiz.viewerPassed && <span aria-hidden="true">✓ </span>}
                    {quizStatusText(quiz)}
                  </span>
                </NavLink>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </nav>
  );
}

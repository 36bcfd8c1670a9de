import { NavLink } from "react-router";
import { learnPath } from "../../app/paths";
import { formatClockDuration } from "../../format/duration";
import type { PlayerVideoFragment } from "../../gql/graphql";

interface PlayerOutlineProps {
  courseId: string;
  parts: readonly { id: string; title: string; videos: readonly PlayerVideoFragment[] }[];
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
export function PlayerOutline({ courseId, parts }: PlayerOutlineProps) {
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
          </ol>
        </section>
      ))}
    </nav>
  );
}

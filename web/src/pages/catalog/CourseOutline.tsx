import { Badge } from "../../components/Badge";
import { formatCount } from "../../format/count";
import { formatClockDuration, formatTotalDuration, isoDuration } from "../../format/duration";
import type { CourseBySlugQuery, CourseOutlineVideoFragment } from "../../gql/graphql";

type OutlineCourse = NonNullable<CourseBySlugQuery["course"]>;

interface OutlinePart<Video> {
  id: string;
  title: string;
  videos: readonly Video[];
}

/** A course with its videos by section and all of them, as the catalog and the player read it. */
interface CourseOfVideos<Video extends { position: number }> {
  sections: readonly { id: string; title: string; position: number; videos: readonly Video[] }[];
  videos: readonly (Video & { section: { id: string } | null })[];
}

function byPosition(a: { position: number }, b: { position: number }): number {
  return a.position - b.position;
}

/** Sections in order, then the videos that belong to no section. */
export function outlinePartsOf<Video extends { position: number }>(course: CourseOfVideos<Video>): OutlinePart<Video>[] {
  const parts: OutlinePart<Video>[] = [...course.sections].sort(byPosition).map((section) => ({
    id: section.id,
    title: section.title,
    videos: [...section.videos].sort(byPosition),
  }));
  const loose = course.videos.filter((video) => !video.section).sort(byPosition);
  if (loose.length > 0) {
    parts.push({ id: "loose", title: parts.length > 0 ? "More videos" : "Videos", videos: loose });
  }
  return parts;
}

function totalSecondsOf(videos: readonly CourseOutlineVideoFragment[]): number {
  return videos.reduce((total, video) => total + (video.durationSeconds ?? 0), 0);
}

interface CourseOutlineProps {
  course: OutlineCourse;
  /** Plays a video the viewer may watch (a free preview, for most). */
  onPlay: (videoId: string) => void;
}

export function CourseOutline({ course, onPlay }: CourseOutlineProps) {
  const parts = outlinePartsOf(course);
  if (parts.length === 0) {
    return <p className="muted">No videos have been published in this course yet.</p>;
  }
  return (
    <ol className="outline">
      {parts.map((part) => (
        <li key={part.id} className="outline-section">
          <h3 className="outline-section-title">
            <span>{part.title}</span>
            <span className="muted">
              {formatCount(part.videos.length, "video")} ·{" "}
              {formatTotalDuration(totalSecondsOf(part.videos))}
            </span>
          </h3>
          <ol className="outline-videos">
            {part.videos.map((video) => (
              <li key={video.id} className="outline-video">
                <span className="outline-video-title">
                  {video.thumbnailUrl && (
                    <img className="outline-video-thumb" src={video.thumbnailUrl} alt="" loading="lazy" />
                  )}
                  {video.title} {video.isPreview && <Badge tone="info">Preview</Badge>}
                  {video.playback && (
                    <button
                      type="button"
                      className="button button-ghost button-small"
                      onClick={() => onPlay(video.id)}
                    >
                      Play<span className="visually-hidden"> {video.title}</span>
                    </button>
                  )}
                </span>
                <span className="outline-video-duration">
                  {video.durationSeconds === null ? (
                    <span className="muted">{formatClockDuration(null)}</span>
                  ) : (
                    <time dateTime={isoDuration(video.durationSeconds)}>
                      {formatClockDuration(video.durationSeconds)}
                    </time>
                  )}
                </span>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}

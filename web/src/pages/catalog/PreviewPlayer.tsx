import type { CourseOutlineVideoFragment } from "../../gql/graphql";

type PlayableVideo = CourseOutlineVideoFragment & {
  playback: NonNullable<CourseOutlineVideoFragment["playback"]>;
};

export function isPlayable(video: CourseOutlineVideoFragment): video is PlayableVideo {
  return video.playback !== null;
}

/** The free preview chosen in the outline, with the video's thumbnail until it plays. */
export function PreviewPlayer({ video }: { video: PlayableVideo }) {
  return (
    <figure className="preview-player">
      <video
        key={video.id}
        controls
        preload="metadata"
        poster={video.thumbnailUrl ?? undefined}
        aria-label={`Preview: ${video.title}`}
      >
        <source src={video.playback.url} type={video.playback.mimeType} />
        Your browser cannot play this video.
      </video>
      <figcaption className="muted">Free preview: {video.title}</figcaption>
    </figure>
  );
}

import { useQuery } from "@apollo/client/react";
import { formatBytes } from "../../format/bytes";
import { LessonResourcesDocument } from "../../gql/graphql";
import { resourceKindOf } from "../../uploads/resourceContentType";
import "./lessonResources.css";

/** The files the instructor attached to the lesson, to download; nothing at all when there are none. */
export function LessonResources({ videoId }: { videoId: string }) {
  // Fresh each time: a download URL expires minutes after it is handed out.
  const { data } = useQuery(LessonResourcesDocument, { variables: { videoId }, fetchPolicy: "network-only" });
  const resources = (data?.video?.resources ?? []).filter((resource) => resource.download);
  if (resources.length === 0) return null;
  return (
    <section className="panel lesson-resources" aria-labelledby={`resources-${videoId}`}>
      <h2 id={`resources-${videoId}`}>Resources</h2>
      <ul className="lesson-resource-list">
        {resources.map((resource) => (
          <li key={resource.id}>
            <a href={resource.download!.url} download={resource.fileName}>
              {resource.fileName}
            </a>
            <span className="muted">
              {" "}
              {resourceKindOf(resource.contentType)} · {formatBytes(resource.byteSize)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

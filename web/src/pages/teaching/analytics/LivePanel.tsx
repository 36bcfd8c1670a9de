import { useSubscription } from "@apollo/client/react";
import { useId } from "react";
import { CourseAnalyticsLiveDocument } from "../../../gql/graphql";
import { confusionSignals, formatMoment, numberFormat } from "./analyticsFormat";

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

/**
 * What learners do right now, pushed by the API at most once a second while anything changes:
 * who is watching, how many events a minute, and the moments they got stuck on in the last minutes.
 */
export function LivePanel({ courseId, onPlay }: { courseId: string; onPlay: (videoId: string, seconds: number) => void }) {
  const headingId = useId();
  const { data, error } = useSubscription(CourseAnalyticsLiveDocument, { variables: { courseId } });
  const live = data?.courseAnalyticsLive;
  return (
    <section className="panel analytics-live" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span className="analytics-live-dot" aria-hidden="true" /> Live
      </h2>
      {error && !live ? (
        <p className="alert alert-error" role="alert">
          Live activity could not be followed. Reload the page to try again.
        </p>
      ) : !live ? (
        <p className="muted">Following what learners do right now…</p>
      ) : (
        <>
          <dl className="analytics-figures analytics-figures-small">
            <div>
              <dt>Watching now</dt>
              <dd>{numberFormat.format(live.activeViewers)}</dd>
            </div>
            <div>
              <dt>Events in the last minute</dt>
              <dd>{numberFormat.format(live.eventsLastMinute)}</dd>
            </div>
          </dl>
          {live.activeViewers === 0 && <p className="muted">Nobody is watching this course right now. Viewers appear here as soon as they play a video.</p>}
          <h3 className="analytics-subheading">Confusing moments of the last minutes</h3>
          {live.hotspots.length === 0 ? (
            <p className="muted">No learner got stuck on a moment in the last minutes.</p>
          ) : (
            <ol className="analytics-hotspots">
              {live.hotspots.map(({ video, bucket }) => (
                <li key={`${video.id}:${bucket.startSeconds}`}>
                  <button type="button" className="button button-ghost button-small" onClick={() => onPlay(video.id, bucket.startSeconds)}>
                    Play {formatMoment(bucket)}
                    <span className="visually-hidden"> of {video.title}</span>
                  </button>
                  <span>
                    {video.title}: {confusionSignals(bucket)}.
                  </span>
                </li>
              ))}
            </ol>
          )}
          <p className="muted analytics-live-time">Updated at {timeFormat.format(new Date(live.at))}.</p>
        </>
      )}
    </section>
  );
}

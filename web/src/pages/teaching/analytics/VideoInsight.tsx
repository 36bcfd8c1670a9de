import { useQuery } from "@apollo/client/react";
import { useEffect, useId, useRef, useState } from "react";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ErrorState } from "../../../components/states/ErrorState";
import { LoadingState } from "../../../components/states/LoadingState";
import { formatClockDuration } from "../../../format/duration";
import { VideoAnalyticsDocument, type ConfusionFiguresFragment, type VideoAnalyticsQuery } from "../../../gql/graphql";
import { confusionSignals, formatMoment, formatShare, formatWatchTime, numberFormat, SERIES_COLOURS } from "./analyticsFormat";

type Insight = VideoAnalyticsQuery["videoAnalytics"];

/** The chart's y axis and right margin, which the heatmap below leaves free to share its timeline. */
const AXIS_WIDTH = 44;
const RIGHT_MARGIN = 16;
const HOTSPOTS_LISTED = 5;

/** A moment to play, asked again with a new request number even when it is the same moment. */
export interface PlayRequest {
  videoId: string;
  seconds: number;
  request: number;
}

function MomentPlayer({ insight, playRequest }: { insight: Insight; playRequest: PlayRequest | null }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const playback = insight.video.playback;
  useEffect(() => {
    const element = videoRef.current;
    if (!element || !playRequest || playRequest.videoId !== insight.video.id) return;
    element.currentTime = playRequest.seconds;
    element.scrollIntoView({ block: "nearest" });
    setFailure(null);
    // Asked by a click: the browser lets the page start the video.
    element.play().catch(() => setFailure("Your browser did not start the video. Press the play button in the player."));
  }, [playRequest, insight.video.id]);
  if (!playback) return <p className="muted">This video cannot be played here: it has no playable file yet.</p>;
  return (
    <figure className="analytics-player">
      <video ref={videoRef} controls preload="metadata" poster={insight.video.thumbnailUrl ?? undefined} aria-label={`Video: ${insight.video.title}`}>
        <source src={playback.url} type={playback.mimeType} />
        Your browser cannot play this video.
      </video>
      {failure && (
        <p className="alert alert-info" role="status">
          {failure}
        </p>
      )}
    </figure>
  );
}

/** The confusion of each 5-second bucket drawn on the video's timeline: taller and darker is more confusing. */
function ConfusionHeatmap({ insight, durationSeconds, onPlay }: { insight: Insight; durationSeconds: number; onPlay: (seconds: number) => void }) {
  const buckets = insight.confusion.filter((bucket) => bucket.score > 0);
  return (
    <div className="analytics-heatmap" style={{ marginLeft: AXIS_WIDTH, marginRight: RIGHT_MARGIN }}>
      {buckets.map((bucket) => (
        <button
          key={bucket.startSeconds}
          type="button"
          className="analytics-heatmap-bucket"
          style={{
            left: `${(bucket.startSeconds / durationSeconds) * 100}%`,
            width: `${(Math.min(bucket.endSeconds, durationSeconds) - bucket.startSeconds) / durationSeconds * 100}%`,
            height: `${25 + bucket.score * 75}%`,
            opacity: 0.35 + bucket.score * 0.65,
          }}
          aria-label={`Play ${formatMoment(bucket)}: confusion ${formatShare(bucket.score)}, ${confusionSignals(bucket)}`}
          title={`${formatMoment(bucket)}: ${confusionSignals(bucket)}`}
          onClick={() => onPlay(bucket.startSeconds)}
        />
      ))}
    </div>
  );
}

function Hotspots({ buckets, onPlay }: { buckets: readonly ConfusionFiguresFragment[]; onPlay: (seconds: number) => void }) {
  const top = [...buckets].filter((bucket) => bucket.score > 0).sort((a, b) => b.score - a.score).slice(0, HOTSPOTS_LISTED);
  if (top.length === 0) return <p className="muted">No learner rewound, paused on or marked a moment of this video as confusing in this period.</p>;
  return (
    <ol className="analytics-hotspots">
      {top.map((bucket) => (
        <li key={bucket.startSeconds}>
          <button type="button" className="button button-ghost button-small" onClick={() => onPlay(bucket.startSeconds)}>
            Play {formatMoment(bucket)}
          </button>
          <span>
            Confusion {formatShare(bucket.score)}: {confusionSignals(bucket)}.
          </span>
        </li>
      ))}
    </ol>
  );
}

interface VideoInsightProps {
  videoId: string;
  from: string;
  playRequest: PlayRequest | null;
  onPlay: (videoId: string, seconds: number) => void;
}

/** One video over the period: its figures, who watched each second, where learners got stuck, and a player to see it. */
export function VideoInsight({ videoId, from, playRequest, onPlay }: VideoInsightProps) {
  const headingId = useId();
  const { data, loading, error, refetch } = useQuery(VideoAnalyticsDocument, { variables: { videoId, from }, fetchPolicy: "cache-and-network" });
  const insight = data?.videoAnalytics;
  if (error && !insight) return <ErrorState error={error} title="The video’s figures could not be loaded" onRetry={() => void refetch()} />;
  if (loading && !insight) return <LoadingState label="Loading the video’s figures…" />;
  if (!insight) return null;
  const durationSeconds = Math.max(insight.video.durationSeconds ?? 0, insight.retention.at(-1)?.second ?? 0, insight.confusion.at(-1)?.endSeconds ?? 0, 1);
  const play = (seconds: number) => onPlay(insight.video.id, seconds);
  return (
    <section className="analytics-video" aria-labelledby={headingId}>
      <h3 id={headingId}>{insight.video.title}</h3>
      <dl className="analytics-figures analytics-figures-small">
        <div>
          <dt>Views</dt>
          <dd>{numberFormat.format(insight.views)}</dd>
        </div>
        <div>
          <dt>New viewers</dt>
          <dd>{numberFormat.format(insight.uniqueViewers)}</dd>
        </div>
        <div>
          <dt>Watched on average</dt>
          <dd>{formatShare(insight.averagePercentWatched / 100)}</dd>
        </div>
        <div>
          <dt>Completion rate</dt>
          <dd>{formatShare(insight.completionRate)}</dd>
        </div>
        <div>
          <dt>Watch time</dt>
          <dd>{formatWatchTime(insight.watchTimeSeconds)}</dd>
        </div>
      </dl>
      <p className="muted analytics-cohort-note">
        New viewers are the learners who first opened this video in the period; how much they watched, their completion rate and the curve below
        follow them up to today.
      </p>
      {insight.uniqueViewers === 0 && insight.confusion.length === 0 ? (
        <p className="analytics-empty">Nobody started this video in this period, so it has no retention curve or confusion heatmap for it yet.</p>
      ) : (
        <figure className="analytics-chart">
          <figcaption>Share of the new viewers who watched each moment, and where learners got stuck</figcaption>
          <p className="visually-hidden">
            Retention over the video’s {formatClockDuration(durationSeconds)}: {retentionSummary(insight)} The most confusing moments are listed
            below the chart, each with a button that plays it.
          </p>
          <div aria-hidden="true">
            <ResponsiveContainer width="100%" height={200}>
              <AreaChart data={insight.retention} margin={{ top: 8, right: RIGHT_MARGIN, left: 0, bottom: 0 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="second" type="number" domain={[0, durationSeconds]} tickFormatter={(seconds: number) => formatClockDuration(seconds)} />
                <YAxis width={AXIS_WIDTH} domain={[0, 1]} tickFormatter={(share: number) => formatShare(share)} />
                <Tooltip labelFormatter={(seconds) => formatClockDuration(Number(seconds))} formatter={(share) => formatShare(Number(share))} />
                <Area type="stepAfter" dataKey="viewers" name="Viewers" stroke={SERIES_COLOURS.blue} fill={SERIES_COLOURS.blue} fillOpacity={0.2} isAnimationActive={false} />
              </AreaChart>
            </ResponsiveContainer>
          </div>
          <ConfusionHeatmap insight={insight} durationSeconds={durationSeconds} onPlay={play} />
          <p className="analytics-heatmap-legend muted" aria-hidden="true">
            Confusion on the timeline: taller, darker marks are moments more learners rewound to, paused on, marked confusing, asked the tutor about or answered a quiz question about wrongly.
            Select one to play it.
          </p>
        </figure>
      )}
      <h4 className="analytics-subheading">Most confusing moments</h4>
      <Hotspots buckets={insight.confusion} onPlay={play} />
      <MomentPlayer insight={insight} playRequest={playRequest} />
    </section>
  );
}

function retentionSummary(insight: Insight): string {
  const points = insight.retention;
  if (points.length === 0) return "no second was watched.";
  const last = points.at(-1)!;
  const lowest = points.reduce((low, point) => (point.viewers < low.viewers ? point : low), points[0]);
  return `${formatShare(points[0].viewers)} of viewers watched the start, ${formatShare(last.viewers)} the end at ${formatClockDuration(last.second)}, the fewest ${formatShare(lowest.viewers)} at ${formatClockDuration(lowest.second)}.`;
}

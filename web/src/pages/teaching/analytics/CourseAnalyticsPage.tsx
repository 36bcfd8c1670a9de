import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { courseEditorPath } from "../../../app/paths";
import { ErrorState } from "../../../components/states/ErrorState";
import { LoadingState } from "../../../components/states/LoadingState";
import { formatCount } from "../../../format/count";
import { formatPrice } from "../../../format/price";
import { CourseAnalyticsDocument, type CourseAnalyticsQuery } from "../../../gql/graphql";
import { usePageTitle } from "../../../hooks/usePageTitle";
import { SelectField } from "../../../components/forms/SelectField";
import { ReportPeriodSelect, useReportPeriod } from "../ReportPeriodSelect";
import { periodLabel } from "../reportPeriods";
import { formatShare, formatWatchTime, numberFormat } from "./analyticsFormat";
import { DailyCharts } from "./DailyCharts";
import { LivePanel } from "./LivePanel";
import { VideoInsight, type PlayRequest } from "./VideoInsight";
import "./courseAnalytics.css";

type Analytics = CourseAnalyticsQuery["courseAnalytics"];

function Figures({ analytics, currency }: { analytics: Analytics; currency: string }) {
  const figures = [
    ["Enrollments", numberFormat.format(analytics.enrollments)],
    ["Active learners", numberFormat.format(analytics.activeLearners)],
    ["Completions", numberFormat.format(analytics.completions)],
    ["Completion rate", formatShare(analytics.completionRate)],
    ["Average progress", formatShare(analytics.averageProgressPercent / 100)],
    ["Watch time", formatWatchTime(analytics.watchTimeSeconds)],
    ["Revenue, net of refunds", formatPrice(analytics.revenueCents, currency)],
  ];
  return (
    <dl className="analytics-figures">
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const hasActivity = (analytics: Analytics) =>
  analytics.enrollments + analytics.activeLearners + analytics.completions + analytics.watchTimeSeconds + Math.abs(analytics.revenueCents) > 0 ||
  analytics.videos.some((video) => video.views > 0);

/**
 * A course's analytics for its instructors and admins: the period's figures and days, each video's
 * retention and confusion with a player for the moments learners got stuck on, and live activity.
 */
export default function CourseAnalyticsPage() {
  const { courseId = "" } = useParams();
  const { period, choose, refresh: refreshPeriod } = useReportPeriod();
  const { data, loading, error, refetch } = useQuery(CourseAnalyticsDocument, {
    variables: { courseId, from: period.from },
    fetchPolicy: "cache-and-network",
  });
  const [chosenVideoId, setChosenVideoId] = useState<string | null>(null);
  const [playRequest, setPlayRequest] = useState<PlayRequest | null>(null);
  const course = data?.course;
  const analytics = data?.courseAnalytics;
  usePageTitle(course ? `Analytics · ${course.title}` : "Course analytics");

  if (loading && !data) return <LoadingState label="Loading the course’s analytics…" />;
  if (error && !data) return <ErrorState error={error} title="The course’s analytics could not be loaded" onRetry={() => void refetch()} />;
  if (!course || !analytics || !course.viewerCanEdit) {
    return (
      <section className="page page-narrow status-page">
        <h1>{course ? "You cannot see this course’s analytics" : "Course not found"}</h1>
        <p>
          Only a course’s instructors and administrators see its analytics. <Link to="/teach/courses">Back to your courses</Link>
        </p>
      </section>
    );
  }

  // In the course's playing order, as the API answers them.
  const videos = analytics.videos;
  const videoId = chosenVideoId ?? videos.find((video) => video.views > 0)?.video.id ?? videos[0]?.video.id ?? null;
  const play = (playedVideoId: string, seconds: number) => {
    setChosenVideoId(playedVideoId);
    setPlayRequest((previous) => ({ videoId: playedVideoId, seconds, request: (previous?.request ?? 0) + 1 }));
  };
  // Within the same UTC day the period's start is the same: only a new day needs new variables.
  const refresh = () => refreshPeriod(refetch);

  return (
    <section className="page analytics-page">
      <div className="page-heading">
        <h1>Analytics: {course.title}</h1>
        <Link to={courseEditorPath(course.id)}>Edit the course</Link>
      </div>
      <div className="analytics-layout">
        <div className="analytics-main">
          <section className="panel" aria-labelledby="analytics-period-heading">
            <div className="editor-section-header">
              <h2 id="analytics-period-heading">Over the {periodLabel(period.days)}</h2>
              <button type="button" className="button button-ghost button-small" onClick={refresh}>
                Refresh
              </button>
            </div>
            <ReportPeriodSelect days={period.days} onChoose={choose} />
            {hasActivity(analytics) ? (
              <>
                <Figures analytics={analytics} currency={course.currency} />
                <DailyCharts daily={analytics.daily} currency={course.currency} />
              </>
            ) : (
              <p className="analytics-empty">
                No learner enrolled in, watched or bought this course in the {periodLabel(period.days)}. Its figures, daily charts and each
                video’s retention and confusion appear here once learners do.
              </p>
            )}
          </section>
          <section className="panel" aria-labelledby="analytics-videos-heading">
            <h2 id="analytics-videos-heading">Videos</h2>
            {videos.length === 0 || videoId === null ? (
              <p className="analytics-empty">This course has no videos yet, so there is nothing to show per video.</p>
            ) : (
              <>
                <div className="toolbar">
                  <SelectField
                    label="Video"
                    options={videos.map((video) => ({ value: video.video.id, label: `${video.video.title} (${formatCount(video.views, "view")})` }))}
                    value={videoId}
                    onChange={(event) => {
                      setChosenVideoId(event.target.value);
                      setPlayRequest(null);
                    }}
                  />
                </div>
                <VideoInsight key={videoId} videoId={videoId} from={period.from} playRequest={playRequest} onPlay={play} />
              </>
            )}
          </section>
        </div>
        <LivePanel courseId={course.id} onPlay={play} />
      </div>
    </section>
  );
}

import { useQuery, useSubscription } from "@apollo/client/react";
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Link, Navigate, useNavigate, useParams, useSearchParams } from "react-router";
import { coursePath, learnPath } from "../../app/paths";
import { PURCHASES_PAUSED, usePlatformFeatures } from "../../app/usePlatformFeatures";
import { useSession } from "../../auth/useSession";
import { ProgressMeter } from "../../components/ProgressMeter";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { LearnCourseDocument, MyProgressUpdatedDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { courseProgressText } from "../../learning/courseProgress";
import { useAnalyticsDelivery, useCourseView } from "../../learning/usePlayerAnalytics";
import { useProgressDelivery } from "../../learning/useProgressReports";
import { outlinePartsOf } from "../catalog/CourseOutline";
import { isPlayable } from "../catalog/PreviewPlayer";
import { CompletionDialog } from "./CompletionDialog";
import { ConfusedButton } from "./ConfusedButton";
import { LessonPlayer } from "./LessonPlayer";
import { LessonResources } from "./LessonResources";
import { QuestionsPanel } from "../community/QuestionsPanel";
import { NotesPanel } from "./NotesPanel";
import { PlayerOutline } from "./PlayerOutline";
import { useOnline } from "./useOnline";

// Its own chunk, loaded with the player: most pages never show it.
const TutorPanel = lazy(() => import("./tutor/TutorPanel"));

/** `?t=125`: where a citation asked to start the video, in seconds. */
function startAtOf(value: string | null): number | null {
  const seconds = value === null ? NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * Shows the congratulation when the course becomes complete while the page is open: from this
 * device's report or, over myProgressUpdated, another device's.
 */
function useCompletion(completed: boolean | undefined): [boolean, () => void] {
  const [congratulating, setCongratulating] = useState(false);
  const previous = useRef(completed);
  useEffect(() => {
    if (previous.current === false && completed) setCongratulating(true);
    previous.current = completed;
  }, [completed]);
  return [congratulating, () => setCongratulating(false)];
}

export default function CoursePlayerPage() {
  const { courseId = "", videoId } = useParams();
  const { user } = useSession();
  const { data, loading, error, refetch } = useQuery(LearnCourseDocument, { variables: { id: courseId } });
  const course = data?.course;
  const enrolled = course?.viewerIsEnrolled === true;
  // Each event carries the course's and its videos' progress, which the cache merges by id.
  useSubscription(MyProgressUpdatedDocument, { variables: { courseId }, skip: !enrolled });
  const refusal = useProgressDelivery(user?.id);
  useAnalyticsDelivery(user?.id);
  useCourseView(user?.id, courseId, enrolled);
  const online = useOnline();
  // Features turned off lose their entry points: the advice to buy, and the tutor's panel (the outline
  // moves up beside the player), shown only once the tutor is known to be on: it loads lazily anyway.
  const features = usePlatformFeatures();
  const [congratulating, closeCongratulation] = useCompletion(course?.viewerProgress?.completed);
  const parts = course ? outlinePartsOf(course) : [];
  const videos = parts.flatMap((part) => part.videos);
  const index = videos.findIndex((video) => video.id === videoId);
  const video = videos[index];
  usePageTitle(video && course ? `${video.title} · ${course.title}` : (course?.title ?? "Course"));
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const playerRef = useRef<HTMLVideoElement>(null);
  const videoIdOnScreen = video?.id;
  const durationSeconds = video?.durationSeconds ?? null;

  // The question is about the moment being watched.
  const place = useCallback(() => {
    const element = playerRef.current;
    if (!videoIdOnScreen) return null;
    if (!element) return { videoId: videoIdOnScreen };
    const position = Math.floor(element.currentTime * 10) / 10;
    return { videoId: videoIdOnScreen, positionSeconds: durationSeconds === null ? position : Math.min(position, durationSeconds) };
  }, [videoIdOnScreen, durationSeconds]);

  const pause = useCallback(() => playerRef.current?.pause(), []);

  // A cited (or noted) moment of this video seeks the player; one of another video opens it there.
  const playAt = useCallback(
    (citedVideoId: string, seconds: number) => {
      const element = playerRef.current;
      if (citedVideoId === videoIdOnScreen && element) {
        element.currentTime = seconds;
        element.scrollIntoView({ block: "nearest" });
        element.focus();
      } else {
        void navigate(`${learnPath(courseId, citedVideoId)}?t=${Math.floor(seconds)}`);
      }
    },
    [courseId, videoIdOnScreen, navigate],
  );

  if (loading && !data) return <LoadingState label="Loading the course…" />;
  if (error && !data) {
    return <ErrorState error={error} title="The course could not be loaded" onRetry={() => void refetch()} />;
  }
  if (!course) {
    return (
      <section className="page page-narrow status-page">
        <h1>Course not found</h1>
        <p>
          It may have been removed, or the link is wrong. <Link to="/courses">Browse the courses</Link>
        </p>
      </section>
    );
  }
  if (!enrolled || !course.viewerProgress || !user) {
    return (
      <section className="page page-narrow status-page">
        <h1>{course.title}</h1>
        <p>
          {course.isFree
            ? "Enroll in this course to watch its videos and keep your progress."
            : features?.payments === false
              ? PURCHASES_PAUSED
              : "Buy this course to watch its videos. A purchase that was refunded no longer gives access; what you watched before is kept if you buy it again."}{" "}
          <Link to={coursePath(course.slug)}>Go to the course page</Link>
        </p>
      </section>
    );
  }
  const progress = course.viewerProgress;
  if (!video) {
    const resume = videos.find((candidate) => candidate.id === progress.resumeVideo?.id) ?? videos.find(isPlayable);
    if (resume) return <Navigate to={learnPath(course.id, resume.id)} replace />;
    return (
      <section className="page page-narrow status-page">
        <h1>{course.title}</h1>
        <p>This course has no videos to watch yet. Come back soon.</p>
      </section>
    );
  }
  const previous = videos.slice(0, index).findLast(isPlayable);
  const next = videos.slice(index + 1).find(isPlayable);

  return (
    <section className="page learn-page">
      <div className="learn-heading">
        <p className="muted">
          <Link to={coursePath(course.slug)}>{course.title}</Link>
        </p>
        <h1>{video.title}</h1>
      </div>
      <div className="learn-layout">
        <div className="learn-main">
          {isPlayable(video) ? (
            <LessonPlayer
              key={video.id}
              video={video}
              courseId={course.id}
              userId={user.id}
              videoRef={playerRef}
              startAtSeconds={startAtOf(searchParams.get("t"))}
            />
          ) : (
            <p className="alert alert-info">This video is not available yet. Try another one from the course content.</p>
          )}
          {/* A key of its own among its siblings: the player's is the video's id, and two alike leave the old player on the page. */}
          {isPlayable(video) && <ConfusedButton key={`confused:${video.id}`} userId={user.id} courseId={course.id} place={place} />}
          {!online && (
            <p className="alert alert-info" role="status">
              You are offline. Your progress is kept on this device and sent when you are back online.
            </p>
          )}
          {refusal && (
            <p className="alert alert-error" role="alert">
              {refusal}
            </p>
          )}
          <nav aria-label="Lessons" className="lesson-steps">
            {previous && (
              <Link to={learnPath(course.id, previous.id)} className="button button-secondary">
                <span aria-hidden="true">←</span> Previous<span className="visually-hidden">: {previous.title}</span>
              </Link>
            )}
            {next && (
              <Link to={learnPath(course.id, next.id)} className="button button-primary lesson-step-next">
                Next: {next.title} <span aria-hidden="true">→</span>
              </Link>
            )}
          </nav>
          <LessonResources key={`resources:${video.id}`} videoId={video.id} />
          {/* One per learner and course: a note being written is theirs. */}
          <NotesPanel
            key={`notes:${user.id}:${course.id}`}
            courseId={course.id}
            place={place}
            canMark={isPlayable(video)}
            videoTitle={video.title}
            pause={pause}
            onPlay={playAt}
          />
          {/* One per video: its questions, and a question being written at one of its moments. */}
          <QuestionsPanel
            key={`questions:${user.id}:${video.id}`}
            courseId={course.id}
            videoId={video.id}
            videoTitle={video.title}
            place={place}
            canAsk={isPlayable(video)}
            pause={pause}
            onPlay={playAt}
            openQuestionId={searchParams.get("question")}
          />
        </div>
        {features?.tutor && (
          <Suspense fallback={<LoadingState label="Loading the tutor…" />}>
            {/* One per learner and course: its draft and conversation are theirs. */}
            <TutorPanel key={`${user.id}:${course.id}`} userId={user.id} courseId={course.id} place={place} onCite={playAt} />
          </Suspense>
        )}
        <aside className="learn-aside panel">
          <ProgressMeter label="Your progress" percent={progress.percent} valueText={courseProgressText(progress)} />
          <PlayerOutline courseId={course.id} parts={parts} quizzesBySection={new Map(course.sections.map((section) => [section.id, section.quizzes]))} />
        </aside>
      </div>
      <CompletionDialog isOpen={congratulating} courseId={course.id} courseTitle={course.title} onClose={closeCongratulation} />
    </section>
  );
}

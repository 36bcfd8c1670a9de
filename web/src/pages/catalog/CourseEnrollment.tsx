import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { errorMessageOf } from "../../apollo/apiErrors";
import { signInPathReturningTo } from "../../app/nextPath";
import { learnPath } from "../../app/paths";
import { PURCHASES_PAUSED, usePlatformFeatures } from "../../app/usePlatformFeatures";
import { useSession } from "../../auth/useSession";
import { ProgressMeter } from "../../components/ProgressMeter";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { CourseBySlugDocument, EnrollDocument, type CourseBySlugQuery } from "../../gql/graphql";
import { courseProgressText, hasStarted } from "../../learning/courseProgress";
import { CourseCheckout } from "../billing/CourseCheckout";

type EnrollmentCourse = Pick<
  NonNullable<CourseBySlugQuery["course"]>,
  "id" | "title" | "isFree" | "priceCents" | "currency" | "viewerIsEnrolled" | "viewerProgress"
>;

/**
 * What the viewer can do with the course: enroll in a free one (signed-out visitors sign in first
 * and come back here), buy a paid one (CourseCheckout) unless the platform has payments turned
 * off, or, once enrolled, continue where they left off.
 */
export function CourseEnrollment({ course }: { course: EnrollmentCourse }) {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  // The course again, as a learner sees it: progress, and every video playable.
  const [enroll, enrolling] = useMutation(EnrollDocument, {
    refetchQueries: [CourseBySlugDocument],
    awaitRefetchQueries: true,
  });
  const [error, setError] = useState<string | null>(null);
  const features = usePlatformFeatures();
  const progress = course.viewerProgress;

  if (course.viewerIsEnrolled && progress) {
    return (
      <div className="enrollment-box">
        <ProgressMeter label="Your progress" percent={progress.percent} valueText={courseProgressText(progress)} />
        <Link to={learnPath(course.id, progress.resumeVideo?.id)} className="button button-primary">
          {progress.completed ? "Watch again" : hasStarted(progress) ? "Continue learning" : "Start the course"}
        </Link>
      </div>
    );
  }

  // Known by now in practice: the course's route asks for the features with the course.
  if (!course.isFree && features?.payments === false) {
    return (
      <div className="enrollment-box">
        <p className="alert alert-info">{PURCHASES_PAUSED}</p>
      </div>
    );
  }
  if (!course.isFree) return <CourseCheckout course={course} />;

  const handleEnroll = async () => {
    if (session.status !== "signedIn") {
      void navigate(signInPathReturningTo(location));
      return;
    }
    setError(null);
    try {
      await enroll({ variables: { courseId: course.id } });
      toastSuccess(`You are enrolled in “${course.title}”. Start whenever you like.`);
    } catch (caught) {
      setError(`You could not be enrolled. ${errorMessageOf(caught)}`);
    }
  };

  return (
    <div className="enrollment-box">
      <button
        type="button"
        className="button button-primary"
        disabled={enrolling.loading || session.status === "restoring"}
        aria-busy={enrolling.loading}
        onClick={() => void handleEnroll()}
      >
        {enrolling.loading ? "Enrolling…" : "Enroll for free"}
      </button>
      {session.status === "signedOut" && <p className="muted">Sign in or create an account to enroll.</p>}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { errorCodeOf, errorMessageOf } from "../../apollo/apiErrors";
import { signInPathReturningTo } from "../../app/nextPath";
import { learnPath } from "../../app/paths";
import { useSession } from "../../auth/useSession";
import { ProgressMeter } from "../../components/ProgressMeter";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatPrice } from "../../format/price";
import { CourseBySlugDocument, EnrollDocument, type CourseBySlugQuery } from "../../gql/graphql";
import { courseProgressText, hasStarted } from "../../learning/courseProgress";

type EnrollmentCourse = Pick<
  NonNullable<CourseBySlugQuery["course"]>,
  "id" | "title" | "isFree" | "priceCents" | "currency" | "viewerIsEnrolled" | "viewerProgress"
>;

const PAYMENTS_COMING = "Buying courses is not possible yet: payments are coming soon. Free courses are open now.";

/**
 * What the viewer can do with the course: enroll in a free one (signed-out visitors sign in first
 * and come back here), buy a paid one (a placeholder until payments open), or, once enrolled,
 * continue where they left off.
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
  // Payments not being open yet is news, not a failure.
  const [message, setMessage] = useState<{ text: string; tone: "info" | "error" } | null>(null);
  const progress = course.viewerProgress;

  if (course.viewerIsEnrolled && progress) {
    return (
      <div className="enrollment-box">
        <ProgressMeter label="Your progress" percent={progress.percent} valueText={courseProgressText(progress)} />
        <Link to={learnPath(course.id, progress.resumeVideo?.id)} className="button button-primary">
          {progress.completed ? "Watch again" : hasStarted(progress) ? "Continue" : "Start the course"}
        </Link>
      </div>
    );
  }

  const handleEnroll = async () => {
    if (session.status !== "signedIn") {
      void navigate(signInPathReturningTo(location));
      return;
    }
    setMessage(null);
    try {
      await enroll({ variables: { courseId: course.id } });
      toastSuccess(`You are enrolled in “${course.title}”. Start whenever you like.`);
    } catch (error) {
      setMessage(
        errorCodeOf(error) === "PAYMENT_REQUIRED"
          ? { text: PAYMENTS_COMING, tone: "info" }
          : { text: `You could not be enrolled. ${errorMessageOf(error)}`, tone: "error" },
      );
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
        {course.isFree
          ? enrolling.loading
            ? "Enrolling…"
            : "Enroll for free"
          : `Buy for ${formatPrice(course.priceCents, course.currency)}`}
      </button>
      {session.status === "signedOut" && <p className="muted">Sign in or create an account to enroll.</p>}
      {message && (
        <p className={`alert alert-${message.tone}`} role="alert">
          {message.text}
        </p>
      )}
    </div>
  );
}

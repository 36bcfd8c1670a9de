import { useMutation } from "@apollo/client/react";
import { Link, useLocation } from "react-router";
import { errorMessageOf } from "../../apollo/apiErrors";
import { signInPathReturningTo } from "../../app/nextPath";
import { courseEditorPath } from "../../app/paths";
import { useSession } from "../../auth/useSession";
import { formatPrice } from "../../format/price";
import {
  EnrollDocument,
  StartCheckoutDocument,
  type CourseBySlugQuery,
} from "../../gql/graphql";

type EnrollableCourse = Pick<
  NonNullable<CourseBySlugQuery["course"]>,
  "id" | "isFree" | "priceCents" | "currency" | "viewerIsEnrolled" | "viewerCanEdit"
>;

export function EnrollmentAction({ course }: { course: EnrollableCourse }) {
  const session = useSession();
  const location = useLocation();
  const [enroll, enrolling] = useMutation(EnrollDocument, { errorPolicy: "all" });
  const [startCheckout, checkingOut] = useMutation(StartCheckoutDocument, { errorPolicy: "all" });
  const error = enrolling.error ?? checkingOut.error;

  if (course.viewerCanEdit) {
    return (
      <p>
        You can edit this course. <Link to={courseEditorPath(course.id)}>Open the editor</Link>
      </p>
    );
  }
  if (course.viewerIsEnrolled) {
    return (
      <p className="alert alert-success">
        You are enrolled. <Link to="/learning">Go to my learning</Link>
      </p>
    );
  }
  if (session.status !== "signedIn") {
    return (
      <Link to={signInPathReturningTo(location)} className="button button-primary">
        Sign in to enroll
      </Link>
    );
  }

  const handleBuy = async () => {
    const result = await startCheckout({ variables: { courseId: course.id } });
    const checkoutUrl = result.data?.startCheckout.checkoutUrl;
    if (checkoutUrl) window.location.assign(checkoutUrl);
  };

  const busy = enrolling.loading || checkingOut.loading;
  return (
    <div className="enrollment-action">
      {course.isFree ? (
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          aria-busy={busy}
          onClick={() => void enroll({ variables: { courseId: course.id } })}
        >
          {busy ? "Enrolling…" : "Enroll for free"}
        </button>
      ) : (
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          aria-busy={busy}
          onClick={() => void handleBuy()}
        >
          {busy ? "Opening checkout…" : `Buy for ${formatPrice(course.priceCents, course.currency)}`}
        </button>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {errorMessageOf(error)}
        </p>
      )}
    </div>
  );
}

import { Link } from "react-router";
import { useSession } from "../../auth/useSession";
import { usePageTitle } from "../../hooks/usePageTitle";

export default function NotAllowedPage() {
  usePageTitle("Not allowed");
  const { user } = useSession();
  return (
    <section className="page page-narrow status-page">
      <h1>Not allowed</h1>
      <p>
        Your account{user ? ` (${user.role.toLowerCase()})` : ""} does not have access to this
        page.
      </p>
      {user?.role === "STUDENT" && (
        <p>
          Want to publish courses? <Link to="/teach/apply">Apply to teach</Link>.
        </p>
      )}
      <p>
        <Link to="/courses">Back to the courses</Link>
      </p>
    </section>
  );
}

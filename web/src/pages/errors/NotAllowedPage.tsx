import { Link } from "react-router";
import { AREA_ROLES, roleMayEnter, type Area } from "../../app/access";
import { useSession } from "../../auth/useSession";
import { roleGroupsNoun, roleNoun } from "../../format/role";
import { usePageTitle } from "../../hooks/usePageTitle";

/** A signed-in person whose role may not enter `area`: says whom the page is for. */
export default function NotAllowedPage({ area }: { area: Area }) {
  usePageTitle("Not allowed");
  const { user } = useSession();
  return (
    <section className="page page-narrow status-page">
      <h1>Not allowed</h1>
      <p>
        This page is for {roleGroupsNoun(AREA_ROLES[area])}.
        {user && ` You are signed in as ${roleNoun(user.role)}.`}
      </p>
      {area === "teaching" && user && roleMayEnter(user.role, "instructorApplication") && (
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

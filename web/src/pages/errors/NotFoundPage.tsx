import { Link } from "react-router";
import { usePageTitle } from "../../hooks/usePageTitle";

export default function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <section className="page page-narrow status-page">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/courses">Browse the courses</Link>
      </p>
    </section>
  );
}

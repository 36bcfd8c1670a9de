import { isRouteErrorResponse, useRouteError } from "react-router";
import { usePageTitle } from "../../hooks/usePageTitle";

/** Shown when rendering a page fails, e.g. its code could not be downloaded after a deploy. */
export default function RouteErrorPage() {
  usePageTitle("Error");
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : null;
  return (
    <section className="page page-narrow status-page" role="alert">
      <h1>This page failed to load</h1>
      <p>Something went wrong while showing this page{detail ? ` (${detail})` : ""}.</p>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        Reload the page
      </button>
    </section>
  );
}

import { usePageTitle } from "../../hooks/usePageTitle";
import { ApiKeysPanel } from "./ApiKeysPanel";
import "./partners.css";
import { WebhookEndpointsPanel } from "./WebhookEndpointsPanel";

/** For people who connect their own systems: API keys, webhook endpoints and their deliveries, and the API's explorer. */
export default function PartnerPage() {
  usePageTitle("Partner API");
  return (
    <div className="page partner-page">
      <h1>Partner API</h1>
      <p className="lead">
        Your systems use the same GraphQL API as this site, at <code>/graphql</code>, with an API key, and hear about enrollments, payments and completions through
        webhooks. Your learners' records come as xAPI statements from the <code>learningRecords</code> query, with a key that has{" "}
        <code>learning-records:read</code>. <a href="/graphql">Open the API explorer</a> to try queries (it is available where the platform allows it).
      </p>
      <ApiKeysPanel />
      <WebhookEndpointsPanel />
    </div>
  );
}

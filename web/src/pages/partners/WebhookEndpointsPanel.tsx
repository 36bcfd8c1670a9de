import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Badge } from "../../components/Badge";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { InlineError } from "../../components/InlineError";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatDateTime } from "../../format/date";
import {
  DeletePartnerWebhookEndpointDocument,
  PartnerWebhookDeliveriesDocument,
  PartnerWebhookEndpointsDocument,
  RotatePartnerWebhookSecretDocument,
  SendPartnerWebhookTestDocument,
  UpdatePartnerWebhookEndpointDocument,
  type PartnerWebhookEndpointFragment,
} from "../../gql/graphql";
import { SecretOnce } from "./SecretOnce";
import { WebhookDeliveries } from "./WebhookDeliveries";
import { WebhookEndpointForm } from "./WebhookEndpointForm";

type Confirming = { action: "delete" | "rotate"; endpoint: PartnerWebhookEndpointFragment };

function EndpointState({ endpoint }: { endpoint: PartnerWebhookEndpointFragment }) {
  if (!endpoint.enabled) return <Badge tone={endpoint.disabledReason ? "danger" : "neutral"}>Disabled</Badge>;
  if (endpoint.failingSince) return <Badge tone="warning">Failing</Badge>;
  return <Badge tone="success">Active</Badge>;
}

function EndpointRow({ endpoint, onConfirm }: { endpoint: PartnerWebhookEndpointFragment; onConfirm: (action: Confirming["action"]) => void }) {
  const [showDeliveries, setShowDeliveries] = useState(false);
  const refetchDeliveries = [{ query: PartnerWebhookDeliveriesDocument, variables: { endpointId: endpoint.id } }];
  const [sendTest, testing] = useMutation(SendPartnerWebhookTestDocument, { errorPolicy: "all", refetchQueries: refetchDeliveries });
  const [update, updating] = useMutation(UpdatePartnerWebhookEndpointDocument, { errorPolicy: "all" });

  const tryEndpoint = async () => {
    const result = await sendTest({ variables: { endpointId: endpoint.id } });
    const delivery = result.data?.sendWebhookTestEvent;
    if (!delivery) return;
    setShowDeliveries(true);
    toastSuccess(
      delivery.status === "SUCCEEDED"
        ? `The test event reached ${endpoint.url}, which answered ${delivery.responseStatus}.`
        : `The test event did not reach ${endpoint.url} (${delivery.responseStatus !== null ? `it answered ${delivery.responseStatus}` : delivery.error ?? "no answer"}); it will be tried again.`,
    );
  };
  const switchEnabled = async () => {
    const result = await update({ variables: { input: { id: endpoint.id, enabled: !endpoint.enabled } } });
    const changed = result.data?.updateWebhookEndpoint;
    if (changed) toastSuccess(changed.enabled ? `${changed.url} receives events again.` : `${changed.url} receives no events until you enable it.`);
  };

  return (
    <li className="partner-row partner-endpoint">
      <div>
        <p className="student-name">
          <code>{endpoint.url}</code> <EndpointState endpoint={endpoint} />
        </p>
        <p className="muted">
          {endpoint.description ? `${endpoint.description}. ` : ""}
          {endpoint.course ? `Events of ${endpoint.course.title}` : "Events of every course you teach"}: {endpoint.eventTypes.join(", ")}.
          {endpoint.failingSince && ` Failing since ${formatDateTime(endpoint.failingSince)}.`}
          {endpoint.disabledReason && ` ${endpoint.disabledReason}`}
        </p>
        {(testing.error || updating.error) && <InlineError error={testing.error ?? updating.error} />}
        {showDeliveries && <WebhookDeliveries endpointId={endpoint.id} />}
      </div>
      <div className="toolbar partner-actions">
        <button type="button" className="button button-small" onClick={() => void tryEndpoint()} disabled={testing.loading || !endpoint.enabled}>
          {testing.loading ? "Sending…" : "Send test event"}
        </button>
        <button type="button" className="button button-ghost button-small" aria-expanded={showDeliveries} onClick={() => setShowDeliveries((shown) => !shown)}>
          {showDeliveries ? "Hide deliveries" : "Deliveries"}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={() => void switchEnabled()} disabled={updating.loading}>
          {endpoint.enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={() => onConfirm("rotate")}>
          New secret
        </button>
        <button type="button" className="button button-danger-text button-small" onClick={() => onConfirm("delete")}>
          Delete<span className="visually-hidden"> {endpoint.url}</span>
        </button>
      </div>
    </li>
  );
}

/** The person's webhook endpoints (all, for an admin): adding one, trying it, and following what was sent. */
export function WebhookEndpointsPanel() {
  const { data, loading, error, refetch } = useQuery(PartnerWebhookEndpointsDocument, { fetchPolicy: "cache-and-network" });
  const [remove] = useMutation(DeletePartnerWebhookEndpointDocument, { errorPolicy: "all", refetchQueries: [{ query: PartnerWebhookEndpointsDocument }] });
  const [rotate] = useMutation(RotatePartnerWebhookSecretDocument, { errorPolicy: "all" });
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [secret, setSecret] = useState<{ secret: string; url: string } | null>(null);
  const endpoints = data?.webhookEndpoints.nodes;

  const confirm = async () => {
    if (!confirming) return;
    const { action, endpoint } = confirming;
    setConfirming(null);
    if (action === "delete") {
      const result = await remove({ variables: { id: endpoint.id } });
      if (result.data?.deleteWebhookEndpoint) toastSuccess(`${endpoint.url} is deleted, with its deliveries.`);
    } else {
      const result = await rotate({ variables: { id: endpoint.id } });
      const rotated = result.data?.rotateWebhookEndpointSecret;
      if (rotated) setSecret({ secret: rotated.secret, url: rotated.endpoint.url });
    }
  };

  return (
    <section className="panel" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhook endpoints</h2>
      <p className="muted">
        Events are sent as JSON, signed as Standard Webhooks say (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>),
        and tried again for about a day until your endpoint answers with a 2xx. An endpoint failing for a day is disabled and you are told by mail.
      </p>
      {secret && (
        <SecretOnce title={`The signing secret of ${secret.url}`} secret={secret.secret} onDone={() => setSecret(null)}>
          Copy the secret now: it is shown this once. Your endpoint checks each event's signature with it.
        </SecretOnce>
      )}
      {error && !endpoints ? (
        <ErrorState error={error} title="The webhook endpoints could not be loaded" onRetry={() => void refetch()} />
      ) : loading && !endpoints ? (
        <LoadingState label="Loading the webhook endpoints…" />
      ) : !endpoints || endpoints.length === 0 ? (
        <p className="muted">No endpoint yet. Add one below to be told when learners enroll, pay or complete a course.</p>
      ) : (
        <ul className="student-list">
          {endpoints.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} onConfirm={(action) => setConfirming({ action, endpoint })} />
          ))}
        </ul>
      )}
      <h3 className="list-form-heading">New webhook endpoint</h3>
      <WebhookEndpointForm onCreated={(created, url) => setSecret({ secret: created, url })} />
      <ConfirmDialog
        isOpen={confirming !== null}
        title={confirming?.action === "delete" ? `Delete ${confirming.endpoint.url}?` : `A new secret for ${confirming?.endpoint.url ?? ""}?`}
        confirmLabel={confirming?.action === "delete" ? "Delete endpoint" : "Make a new secret"}
        cancelLabel="Keep it as it is"
        destructive
        onConfirm={() => void confirm()}
        onCancel={() => setConfirming(null)}
      >
        {confirming?.action === "delete"
          ? "It receives no more events, and its delivery history is deleted with it."
          : "Events are signed with the new secret at once: your endpoint must check them with it from now on."}
      </ConfirmDialog>
    </section>
  );
}

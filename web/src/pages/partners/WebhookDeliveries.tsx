import { useMutation, useQuery } from "@apollo/client/react";
import { Badge, type BadgeTone } from "../../components/Badge";
import { InlineError } from "../../components/InlineError";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatDateTime } from "../../format/date";
import {
  PartnerWebhookDeliveriesDocument,
  RedeliverPartnerWebhookDeliveryDocument,
  type PartnerWebhookDeliveryFragment,
  type WebhookDeliveryStatus,
} from "../../gql/graphql";

const STATUS: Record<WebhookDeliveryStatus, { label: string; tone: BadgeTone }> = {
  SUCCEEDED: { label: "Delivered", tone: "success" },
  PENDING: { label: "Retrying", tone: "warning" },
  FAILED: { label: "Failed", tone: "danger" },
};

function outcomeOf(delivery: PartnerWebhookDeliveryFragment): string {
  const answer = delivery.responseStatus !== null ? `answered ${delivery.responseStatus}` : delivery.error ?? "no answer";
  const attempts = `${delivery.attempts} ${delivery.attempts === 1 ? "attempt" : "attempts"}`;
  const last = delivery.lastAttemptAt ? `, last on ${formatDateTime(delivery.lastAttemptAt)}` : "";
  const next = delivery.status === "PENDING" && delivery.nextAttemptAt ? `; next attempt on ${formatDateTime(delivery.nextAttemptAt)}` : "";
  return `${answer} after ${attempts}${last}${next}.`;
}

/** An endpoint's recent deliveries, newest first, each sent again on request (same webhook-id). */
export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const { data, loading, error, refetch } = useQuery(PartnerWebhookDeliveriesDocument, { variables: { endpointId }, fetchPolicy: "cache-and-network" });
  const [redeliver, redelivery] = useMutation(RedeliverPartnerWebhookDeliveryDocument, {
    errorPolicy: "all",
    refetchQueries: [{ query: PartnerWebhookDeliveriesDocument, variables: { endpointId } }],
    awaitRefetchQueries: true,
  });
  const deliveries = data?.webhookEndpoint?.deliveries.nodes;

  const sendAgain = async (delivery: PartnerWebhookDeliveryFragment) => {
    const result = await redeliver({ variables: { id: delivery.id } });
    const sent = result.data?.redeliverWebhookDelivery;
    if (sent) toastSuccess(`The ${sent.eventType} event was sent again: ${STATUS[sent.status].label.toLowerCase()}.`);
  };

  if (error && !deliveries) return <ErrorState error={error} title="The deliveries could not be loaded" onRetry={() => void refetch()} />;
  if (loading && !deliveries) return <LoadingState label="Loading the deliveries…" />;
  if (!deliveries || deliveries.length === 0) return <p className="muted">Nothing was sent to this endpoint yet. Send a test event to try it.</p>;
  return (
    <>
      {redelivery.error && <InlineError error={redelivery.error} />}
      <ul className="delivery-list" aria-label="Recent deliveries">
        {deliveries.map((delivery) => (
          <li key={delivery.id} className="delivery-row">
            <div>
              <p>
                <code>{delivery.eventType}</code> <Badge tone={STATUS[delivery.status].tone}>{STATUS[delivery.status].label}</Badge>
              </p>
              <p className="muted">
                Sent on {formatDateTime(delivery.createdAt)}, {outcomeOf(delivery)} <span className="visually-hidden">Message id </span>
                <code className="message-id">{delivery.messageId}</code>
              </p>
            </div>
            <button type="button" className="button button-ghost button-small" onClick={() => void sendAgain(delivery)} disabled={redelivery.loading}>
              Send again<span className="visually-hidden"> the {delivery.eventType} event</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

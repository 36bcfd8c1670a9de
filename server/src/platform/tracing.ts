// OpenTelemetry traces, on when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
// is set; off, the SDK is not even loaded, and the spans modules open through @opentelemetry/api
// (jobs.ts) cost nothing. Imported for its effect first thing in main.ts: the instrumentations
// patch http, pg and graphql as they are loaded, so they must be registered before anything loads
// them, which rules out an asynchronous import.
import type { startOpenTelemetry } from "./opentelemetry-sdk.ts";

const configured = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

const stop = configured
  ? (require("./opentelemetry-sdk.ts") as { startOpenTelemetry: typeof startOpenTelemetry }).startOpenTelemetry()
  : async () => {};

/** Sends the spans still waiting; the server calls it as it stops. */
export function stopTracing(): Promise<void> {
  return stop();
}

// The OpenTelemetry SDK as this server runs it: spans batched to an OTLP/HTTP collector (the
// exporter reads the endpoint, headers and timeout from the standard OTEL_EXPORTER_OTLP_*
// variables), and the instrumentations of http, pg and graphql. Loaded by tracing.ts only when
// traces are configured.
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { GraphQLInstrumentation } from "@opentelemetry/instrumentation-graphql";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";

/**
 * Incoming requests worth a trace: the API and the routes that change something. Probes, metrics
 * scrapes, the web client's files and signed media URLs (their signature is in the query string)
 * are left out.
 */
const TRACED_PATH = /^\/(graphql|webhooks|billing)(\/|\?|$)/;

/** Starts sending spans; answers how to stop, sending the spans still waiting. */
export function startOpenTelemetry(): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME || "lms-server" }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => !TRACED_PATH.test(request.url ?? ""),
        // Outgoing calls (storage, payments) only as part of a traced request or job.
        requireParentforOutgoingSpans: true,
      }),
      // Statement text only, never its values; none for the job queue's own polling.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      // The operation's parse, validate and execute; a span per resolved field would be thousands per page.
      new GraphQLInstrumentation({ ignoreResolveSpans: true, allowValues: false }),
    ],
  });
  return () => provider.shutdown();
}

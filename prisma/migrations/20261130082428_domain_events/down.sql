-- Loses data: the domain events outbox, including events not yet delivered to every listener.
DROP TRIGGER domain_events_notify ON "domain_events";
DROP FUNCTION notify_domain_events();

DROP TABLE "domain_event_deliveries";
DROP TABLE "domain_events";

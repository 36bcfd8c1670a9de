// Integrations' rows of the authorization matrix (run by test/authorization.test.ts). Webhook
// endpoints are for people who teach, in person or through a key with webhooks:manage (the
// read-only key lacks it; students are refused): an endpoint is its owner's and admins' (the
// other instructor is answered as if it did not exist), and one for a course needs someone who
// teaches it (the owner's draft course, which the other instructor cannot even see). Every
// endpoint here hears only course.published of a draft course nobody publishes, and points to a
// receiver on loopback that answers 200 at once: nothing is sent later, behind another row's back.
// A course's learning records are its team's and admins' (the keys with every scope included): the
// other instructor cannot see the draft course at all.
import { allowOnly, type AccessRow, type AccessWorld, type MatrixActor, type Verdict } from "../../../test/support/access-matrix.ts";
import { toGlobalId } from "../../platform/ids.ts";
import { createCourse } from "../catalog/catalog.fixtures.ts";
import {
  CREATE_ENDPOINT,
  DELETE_ENDPOINT,
  deliveryInDatabase,
  ENDPOINT,
  endpointInDatabase,
  ENDPOINTS,
  LEARNING_RECORDS,
  REDELIVER,
  ROTATE_SECRET,
  SEND_TEST,
  startReceiver,
  UPDATE_ENDPOINT,
} from "./integrations.fixtures.ts";

const worlds = new WeakMap<AccessWorld, Promise<{ courseId: string; url: string }>>();
function integrationsWorld(world: AccessWorld) {
  let arranged = worlds.get(world);
  if (!arranged) {
    arranged = (async () => {
      const [course, receiver] = await Promise.all([createCourse(world.server, world.cast.owner.accessToken, { title: "Webhooks' course" }), startReceiver()]);
      return { courseId: course.id, url: receiver.url };
    })();
    worlds.set(world, arranged);
  }
  return arranged;
}

const EVENT_TYPES = ["course.published"];

/** A fresh endpoint of the owner, for one call. */
async function ownersEndpoint(world: AccessWorld) {
  const { courseId, url } = await integrationsWorld(world);
  return endpointInDatabase(world.server, world.cast.owner.id, { url, eventTypes: EVENT_TYPES, courseId });
}

const endpointVariables = async (world: AccessWorld) => ({ id: toGlobalId("WebhookEndpoint", (await ownersEndpoint(world)).id) });

const PARTNERS = allowOnly("owner", "otherInstructor", "admin", "ownerKey", "adminKey");
/** The owner's endpoint: theirs and admins'; hidden from the other instructor. */
const OWNERS: Record<MatrixActor, Verdict> = { ...allowOnly("owner", "admin", "ownerKey", "adminKey"), otherInstructor: "hide" };

export const accessRows: AccessRow[] = [
  { operation: "Query.webhookEndpoints", document: ENDPOINTS, verdicts: PARTNERS },
  { operation: "Query.webhookEndpoint", document: ENDPOINT, variables: endpointVariables, verdicts: OWNERS },
  {
    operation: "Mutation.createWebhookEndpoint",
    document: CREATE_ENDPOINT,
    variables: async (world) => {
      const { courseId, url } = await integrationsWorld(world);
      // The other rows' endpoints are gone first, so the owner's cap is never what answers.
      await world.server.db.webhookEndpoint.deleteMany({});
      return { input: { url, eventTypes: EVENT_TYPES, courseId } };
    },
    verdicts: OWNERS,
  },
  {
    operation: "Mutation.updateWebhookEndpoint",
    document: UPDATE_ENDPOINT,
    variables: async (world) => ({ input: { ...(await endpointVariables(world)), description: "changed" } }),
    verdicts: OWNERS,
  },
  { operation: "Mutation.deleteWebhookEndpoint", document: DELETE_ENDPOINT, variables: endpointVariables, verdicts: OWNERS },
  { operation: "Mutation.rotateWebhookEndpointSecret", document: ROTATE_SECRET, variables: endpointVariables, verdicts: OWNERS },
  {
    operation: "Mutation.sendWebhookTestEvent",
    document: SEND_TEST,
    variables: async (world) => ({ endpointId: (await endpointVariables(world)).id }),
    verdicts: OWNERS,
  },
  {
    operation: "Mutation.redeliverWebhookDelivery",
    document: REDELIVER,
    variables: async (world) => {
      const delivery = await deliveryInDatabase(world.server, (await ownersEndpoint(world)).id);
      return { id: toGlobalId("WebhookDelivery", delivery.id) };
    },
    verdicts: OWNERS,
  },
  {
    operation: "Query.learningRecords",
    document: LEARNING_RECORDS,
    variables: async (world) => ({ courseId: (await integrationsWorld(world)).courseId }),
    verdicts: OWNERS,
  },
];

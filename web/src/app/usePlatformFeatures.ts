import { useQuery } from "@apollo/client/react";
import { PlatformFeaturesDocument, type PlatformFeaturesQuery } from "../gql/graphql";

export type PlatformFeatures = Omit<PlatformFeaturesQuery["platformFeatures"], "__typename">;

/** What a paid course's pages say instead of offering to buy it while payments are off. */
export const PURCHASES_PAUSED = "Purchases are paused right now; this course can't be bought at the moment.";

/** When the answer cannot be read, a feature counts as on: the API refuses what is off anyway, in words the page shows. */
const ASSUMED_ON: PlatformFeatures = { payments: true, tutor: true };

/**
 * Which features the platform has turned on (FEATURE_PAYMENTS, FEATURE_TUTOR on the server), read
 * once per visit: the answer stays in Apollo's cache, and a flag changes only with a redeploy.
 * Pages hide the entry points of what is off. Undefined while the answer is on its way, so a page
 * can wait rather than show an entry point and take it away again.
 */
export function usePlatformFeatures(): PlatformFeatures | undefined {
  const { data, error } = useQuery(PlatformFeaturesDocument, { fetchPolicy: "cache-first" });
  return data?.platformFeatures ?? (error ? ASSUMED_ON : undefined);
}

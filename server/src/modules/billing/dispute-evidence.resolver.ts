import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { disputeEvidence } from "./dispute-evidence.service.ts";
import { DisputeEvidence } from "./dispute-evidence.type.ts";

@Resolver(() => DisputeEvidence)
export class DisputeEvidenceResolver {
  @Query(() => DisputeEvidence, { description: "A disputed payment's evidence (enrollment, sign-ins, watched ranges) for its course's owner and admins." })
  paymentDisputeEvidence(@Arg("paymentId", () => ID) paymentId: string, @Ctx() context: Context) {
    return disputeEvidence(context, paymentId);
  }
}

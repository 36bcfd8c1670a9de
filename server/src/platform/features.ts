// Feature flags by environment (FEATURE_PAYMENTS, FEATURE_TUTOR in config.ts) for the parts that talk
// to the outside world. The services that own a feature's operations call requireFeature before
// anything else, so every transport (HTTP, graphql-ws) gets the same refusal and nothing is written;
// Query.platformFeatures tells clients which entry points to show.
import type { GraphQLError } from "graphql";
import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import type { Config, Features } from "./config.ts";
import type { Context } from "./context.ts";
import { forbidden, paymentRequired } from "./errors.ts";

// Declared here, not in a module's reasons file: the flags are the platform's configuration, and
// learning (enrolling in a paid course) gives the same reason as billing, which it may not import.
declare module "./errors.ts" {
  interface ErrorReasons {
    /** FORBIDDEN (PAYMENT_REQUIRED when enrolling in a paid course): payments are turned off here (FEATURE_PAYMENTS=off). */
    PAYMENTS_DISABLED: "platform";
    /** FORBIDDEN: the tutor is turned off here (FEATURE_TUTOR=off). */
    TUTOR_DISABLED: "platform";
  }
}

export type Feature = keyof Features;

const refusals: Record<Feature, () => GraphQLError> = {
  payments: () =>
    forbidden("Payments are turned off on this platform for now; nothing was charged or refunded. Try again later.", { reason: "PAYMENTS_DISABLED" }),
  tutor: () =>
    forbidden("The tutor is turned off on this platform for now; your past conversations can still be read.", { reason: "TUTOR_DISABLED" }),
};

/** Throws the feature's FORBIDDEN refusal (with its reason) when the feature is turned off. */
export function requireFeature(config: Pick<Config, "features">, feature: Feature): void {
  if (!config.features[feature]) throw refusals[feature]();
}

/**
 * A paid course cannot be bought while payments are off; enrolling in it answers PAYMENT_REQUIRED
 * as always (the contract's answer for a paid course), with the reason saying why buying cannot help now.
 */
export const paidCourseWhilePaymentsDisabled = () =>
  paymentRequired("This course is paid for, and payments are turned off on this platform for now, so it can't be bought or enrolled in at the moment.", {
    reason: "PAYMENTS_DISABLED",
  });

@ObjectType({ description: "Which parts of the platform are turned on here: clients hide the entry points of those turned off." })
export class PlatformFeatures implements Features {
  @Field(() => Boolean, { description: "Courses can be bought and payments refunded." })
  payments!: boolean;

  @Field(() => Boolean, { description: "Learners can ask the course tutor questions." })
  tutor!: boolean;
}

@Resolver()
export class PlatformFeaturesResolver {
  @Query(() => PlatformFeatures, { description: "Public: which features this platform has turned on." })
  platformFeatures(@Ctx() context: Context): PlatformFeatures {
    return context.config.features;
  }
}

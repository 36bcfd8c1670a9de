import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Node } from "../../platform/node.ts";

/** A coupon row; course is a field resolver. For the course's owner and admins. */
@ObjectType({ implements: Node, description: "A discount on one course: percent off or an amount off." })
export class Coupon extends Node {
  @Field({ description: "Upper-cased; learners may type it in any case." })
  code!: string;
  @Field(() => Int, { nullable: true }) percentOff!: number | null;
  @Field(() => Int, { nullable: true }) amountOffCents!: number | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Int, { nullable: true }) maxRedemptions!: number | null;
  @Field(() => Int, { description: "Checkouts holding one: paid, or open; a failed or canceled payment gives its redemption back." })
  redemptionCount!: number;
  @Field(() => Date, { nullable: true }) deactivatedAt!: Date | null;
  @Field() createdAt!: Date;
}

@InputType()
export class CreateCouponInput {
  @Field(() => ID) courseId!: string;
  @Field({ description: "3 to 32 letters, digits, - or _; unique per course whatever the case." })
  code!: string;
  @Field(() => Int, { nullable: true, description: "1 to 100; give this or amountOffCents." })
  percentOff?: number | null;
  @Field(() => Int, { nullable: true, description: "In the course's currency's minor units; give this or percentOff." })
  amountOffCents?: number | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @Field(() => Int, { nullable: true }) maxRedemptions?: number | null;
}

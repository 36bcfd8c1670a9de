import { Field, ObjectType } from "type-graphql";
import { Node } from "../../platform/node.ts";

@ObjectType({ implements: Node, description: "A partner's credential: acts as its owner, within its scopes." })
export class ApiKey extends Node {
  @Field() name!: string;
  @Field({ description: "The first characters of the secret, to recognise it." })
  prefix!: string;
  @Field(() => [String]) scopes!: string[];
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey) apiKey!: ApiKey;
  @Field({ description: "Shown once; only a hash is stored." })
  secret!: string;
}

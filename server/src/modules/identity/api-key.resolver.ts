import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { parseId } from "../../platform/ids.ts";
import { ApiKey, CreatedApiKey } from "./api-key.type.ts";
import * as apiKeys from "./api-key.service.ts";

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey])
  apiKeys(@Ctx() context: Context) {
    return apiKeys.listOwnApiKeys(context);
  }

  @Mutation(() => CreatedApiKey)
  createApiKey(
    @Arg("name", () => String) name: string,
    @Arg("scopes", () => [String]) scopes: string[],
    @Ctx() context: Context,
  ) {
    return apiKeys.createApiKey(context, name, scopes);
  }

  @Mutation(() => ApiKey)
  revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return apiKeys.revokeApiKey(context, parseId(id, "ApiKey", "id"));
  }
}

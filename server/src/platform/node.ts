// The Node interface and Query.node: any entity by its global id, if the viewer may see it.
import { Arg, Ctx, Field, ID, InterfaceType, Query, Resolver } from "type-graphql";
import type { Context } from "./context.ts";
import { decodeGlobalId } from "./ids.ts";

/** Loads one entity of a type by database id, returning null when the viewer may not see it. */
export type NodeFetcher = (context: Context, id: string) => Promise<object | null>;

@InterfaceType({ resolveType: (value: { __typename?: string }) => value.__typename })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true })
  async node(@Arg("id", () => ID) id: string, @Ctx() context: Context): Promise<object | null> {
    const decoded = decodeGlobalId(id);
    const fetch = decoded && context.nodes.get(decoded.type);
    if (!decoded || !fetch) return null;
    const entity = await fetch(context, decoded.id);
    return entity && { ...entity, __typename: decoded.type };
  }
}

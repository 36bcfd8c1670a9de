// What a domain module hands to the composition root.
import type { Router } from "express";
import type { RuleMap } from "./authorization.ts";
import type { NodeFetcher } from "./node.ts";
import type { Platform } from "./platform.ts";

export interface Module {
  name: string;
  // type-graphql takes resolver classes as plain constructors.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: Function[];
  /** graphql-shield rules for every root field and object type the module adds. */
  rules: RuleMap;
  /** Loaders for Query.node, by GraphQL type name. */
  nodes?: Record<string, NodeFetcher>;
  /** Plain HTTP routes beside /graphql (webhooks, file routes). */
  routes?(router: Router, platform: Platform): void;
  /** Runs once the database is ready: background jobs, first-run data. */
  start?(platform: Platform): Promise<void>;
}

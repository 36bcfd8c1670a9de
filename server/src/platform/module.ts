// What a domain module hands to the composition root.
import type { Router } from "express";
import type { RuleMap } from "./authorization.ts";
import type { DomainEventName, Listener, Listeners, RegisteredListener } from "./domain-events.ts";
import type { Context } from "./context.ts";
import type { Extension } from "./extension-points.ts";
import type { NodeFetcher } from "./node.ts";
import type { Platform } from "./platform.ts";
import type { PublicScope, ViewerScopes } from "./public-response-cache.ts";

export interface Module {
  name: string;
  // type-graphql takes resolver classes as plain constructors.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: Function[];
  /** graphql-shield rules for every root field and object type the module adds. */
  rules: RuleMap;
  /** The module's mutations a read-only support view may run (ending itself); every other one it is refused. */
  supportViewMutations?: readonly string[];
  /** Loaders for Query.node, by GraphQL type name. */
  nodes?: Record<string, NodeFetcher>;
  /**
   * Schema coordinates (`Type.field`) whose answer to an anonymous viewer depends only on tables
   * whose changes are notified on the data change feed (the module's migrations add the triggers):
   * never on the time, the viewer or anything else. Anonymous queries made only of such fields
   * are answered from the public response cache. A field left out is simply never cached.
   */
  publicFields?: readonly string[];
  /**
   * Schema coordinates whose answer to a signed-in person depends only on who they are (their id,
   * their current role and their Module.viewerScopes) and on tables whose changes are notified on
   * the data change feed, in the scopes of publicScopes: never on the time (unless the object says
   * until when it holds), on other tables or on anything else. A person's queries made only of
   * such fields are answered again from their own kept answer (a course team's analytics). Other
   * modules' fields such a query may select (a course's title) are listed here too, by the module
   * that allows them in its answers.
   */
  ownFields?: readonly string[];
  /**
   * For the module's object types whose answers are kept, by GraphQL type name: the scope an object is shown in,
   * one of the tags the triggers of the tables it is read from notify when it changes (see the
   * public_data_changes_per_course migration): the public response cache keeps an answer through
   * changes to other scopes. An object of a type left out is covered by the object it hangs from;
   * a root field's is not, and its answer is dropped on any change.
   */
  publicScopes?: Readonly<Record<string, PublicScope>>;
  /**
   * For a signed-in viewer: the public scopes in which the module's public fields may answer them
   * otherwise than an anonymous visitor (the courses they teach, those they are enrolled in), or
   * "all" (an admin). The public response cache gives signed-in viewers the anonymous answers that
   * show none of these scopes: a module whose public field answers some viewers differently must
   * name, here, the scopes where it does.
   */
  viewerScopes?(context: Context): Promise<Iterable<string> | "all">;
  /** Its answers to earlier modules' extension points (and to its own), made with `extend`. */
  extensions?: readonly Extension[];
  /** Plain HTTP routes beside /graphql (webhooks, file routes). */
  routes?(router: Router, platform: Platform): void;
  /**
   * Paths of its routes whose next segment is a secret (a signed link's token, e.g.
   * `/billing/local-checkout` for `/billing/local-checkout/:token`): the request log writes it redacted.
   */
  secretPathPrefixes?: readonly string[];
  /**
   * What the module does when a domain event (its own or an earlier module's) has been committed,
   * by event name: effects after a commit (jobs to send, subscriptions to publish to), reactions.
   * Each runs once per event across all server instances, maybe again after a crash: idempotent.
   */
  listeners?: Listeners<Platform>;
  /** Runs once the database is ready: background jobs, first-run data. */
  start?(platform: Platform): Promise<void>;
  /** Runs when the server stops, before its connections close: timers the module set, work under way. */
  stop?(platform: Platform): Promise<void>;
}

/** `Type.field` for each field: the schema coordinates Module.publicFields lists. */
export function fieldCoordinates(type: string, fields: readonly string[]): string[] {
  return fields.map((field) => `${type}.${field}`);
}

/** Every module's viewerScopes as one set; undefined when one of them says "all". */
export function viewerScopesOf(modules: readonly Module[]): ViewerScopes {
  const sources = modules.flatMap((module) => (module.viewerScopes ? [module.viewerScopes] : []));
  return async (context) => {
    const scopes = new Set<string>();
    for (const answer of await Promise.all(sources.map((scopesOf) => scopesOf(context)))) {
      if (answer === "all") return undefined;
      for (const scope of answer) scopes.add(scope);
    }
    return scopes;
  };
}

/** Every module's listeners, each named `<module>:<event name>` in the delivery records. */
export function registeredListeners(modules: readonly Module[]): RegisteredListener<Platform>[] {
  return modules.flatMap((module) =>
    Object.entries(module.listeners ?? {}).map(([event, handle]) => ({
      id: `${module.name}:${event}`,
      event: event as DomainEventName,
      handle: handle as Listener<DomainEventName, Platform>,
    })),
  );
}

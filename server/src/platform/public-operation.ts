// Decides, from the query text alone, whether an anonymous answer may be shared by every
// anonymous visitor: a query whose every field is one the modules declared public (its answer
// depends only on tables whose changes are notified, never on the time or the viewer).
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

export type PublicOperationCheck = (document: DocumentNode, operationName: string | null | undefined) => boolean;

/** `publicFields` holds schema coordinates, `Type.field`. Answers are memoized per parsed document. */
export function publicOperationCheck(schema: GraphQLSchema, publicFields: ReadonlySet<string>): PublicOperationCheck {
  const memo = new WeakMap<DocumentNode, Map<string, boolean>>();

  function selectionIsPublic(
    parent: GraphQLCompositeType,
    selectionSet: SelectionSetNode,
    fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    visiting: Set<string>,
  ): boolean {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === "__typename") continue;
        if (!publicFields.has(`${parent.name}.${name}`)) return false;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        if (!field) return false;
        const type = getNamedType(field.type);
        if (selection.selectionSet && (!isCompositeType(type) || !selectionIsPublic(type, selection.selectionSet, fragments, visiting))) {
          return false;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (!type || !isCompositeType(type) || !selectionIsPublic(type, selection.selectionSet, fragments, visiting)) return false;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) return false;
        const type = schema.getType(fragment.typeCondition.name.value);
        visiting.add(name);
        const isPublic = !!type && isCompositeType(type) && selectionIsPublic(type, fragment.selectionSet, fragments, visiting);
        visiting.delete(name);
        if (!isPublic) return false;
      }
    }
    return true;
  }

  function decide(document: DocumentNode, operationName: string | null): boolean {
    const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
    const queryType = schema.getQueryType();
    if (!operation || operation.operation !== "query" || !queryType) return false;
    const fragments = new Map(
      document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
    );
    return selectionIsPublic(queryType, operation.selectionSet, fragments, new Set());
  }

  return (document, operationName) => {
    const name = operationName ?? "";
    let answers = memo.get(document);
    if (!answers) memo.set(document, (answers = new Map()));
    let answer = answers.get(name);
    if (answer === undefined) answers.set(name, (answer = decide(document, operationName ?? null)));
    return answer;
  };
}

import type { OperationVariables, TypedDocumentNode } from "@apollo/client";
import type { LoaderFunctionArgs } from "react-router";
import { apolloClient } from "../apollo/client";
import { CourseBySlugDocument, PlatformFeaturesDocument } from "../gql/graphql";

/**
 * Starts a page's query while the page's code is still on its way, and waits for neither: the
 * page's own useQuery (same document, same variables) then joins the request in flight or reads
 * the answer from the cache. A failure is left for the page to meet and show.
 */
function prefetch<Data, Variables extends OperationVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): null {
  void apolloClient.query({ query, variables }).catch(() => {});
  return null;
}

export function prefetchCourse({ params }: LoaderFunctionArgs): null {
  // Whether the course can be bought now: asked with the course, so the page shows its buy button or the pause at once.
  prefetch(PlatformFeaturesDocument, {});
  return prefetch(CourseBySlugDocument, { slug: params.slug ?? "" });
}

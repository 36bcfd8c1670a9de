import { ApolloClient, ApolloLink, HttpLink } from "@apollo/client";
import { OperationTypeNode } from "graphql";
import { createCache } from "./cache";
import { authorizationLink } from "./links/authorizationLink";
import { persistedDocumentLink } from "./links/persistedDocumentLink";
import { renewOnUnauthenticatedLink } from "./links/renewOnUnauthenticatedLink";
import { onSubscriptionsReconnected, subscriptionLink } from "./links/subscriptionLink";

const transportLink = ApolloLink.split(
  (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
  subscriptionLink,
  new HttpLink({ uri: "/graphql" }),
);

export const apolloClient = new ApolloClient({
  cache: createCache(),
  link: ApolloLink.from([renewOnUnauthenticatedLink, authorizationLink, persistedDocumentLink, transportLink]),
});

onSubscriptionsReconnected(() => void apolloClient.refetchQueries({ include: "active" }));

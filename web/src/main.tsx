import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router/dom";
import { apolloClient } from "./apollo/client";
import { followSessionIdentity } from "./apollo/followSessionIdentity";
import { redirectOnSessionExpiry } from "./app/redirectOnSessionExpiry";
import { router } from "./app/router";
import { restoreSession } from "./auth/session";
import { ToastRegion } from "./components/toasts/ToastRegion";
import "./styles.css";

restoreSession();
followSessionIdentity(apolloClient);
redirectOnSessionExpiry(router);

const rootElement = document.getElementById("root");
if (!rootElement) throw new Error("index.html lacks the #root element");

createRoot(rootElement).render(
  <StrictMode>
    <ApolloProvider client={apolloClient}>
      <RouterProvider router={router} />
      <ToastRegion />
    </ApolloProvider>
  </StrictMode>,
);

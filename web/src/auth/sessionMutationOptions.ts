/**
 * Options for the mutations that open a session (sign in, sign up). Their
 * result carries tokens, so it bypasses the cache: tokens live only in the
 * session layer. Errors resolve instead of throwing, for the form to show.
 */
export const SESSION_MUTATION_OPTIONS = {
  errorPolicy: "all",
  fetchPolicy: "no-cache",
} as const;

// Why integrations refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** BAD_USER_INPUT: the owner has as many webhook endpoints as they may. */
    WEBHOOK_ENDPOINT_LIMIT_REACHED: "integrations";
    /** CONFLICT: the endpoint is disabled: enable it before sending to it. */
    WEBHOOK_ENDPOINT_DISABLED: "integrations";
    /** FORBIDDEN: the endpoint is another person's. */
    NOT_WEBHOOK_ENDPOINT_OWNER: "integrations";
  }
}

export {};

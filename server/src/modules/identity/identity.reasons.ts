// Why identity refuses a request: extensions.reason beside the contract's code.
declare module "../../platform/errors.ts" {
  interface ErrorReasons {
    /** CONFLICT: an account with this email exists. */
    EMAIL_TAKEN: "identity";
    /** CONFLICT: the address is verified already. */
    EMAIL_ALREADY_VERIFIED: "identity";
    /** FORBIDDEN: this needs a verified email address first. */
    EMAIL_NOT_VERIFIED: "identity";
    /** CONFLICT: the applicant has an application waiting for review. */
    APPLICATION_PENDING: "identity";
    /** CONFLICT: the application was approved or rejected already. */
    APPLICATION_ALREADY_REVIEWED: "identity";
    /** CONFLICT: the account has as many active API keys as it may. */
    API_KEY_LIMIT_REACHED: "identity";
    /** CONFLICT: the change would leave the platform without an admin. */
    LAST_ADMIN: "identity";
    /** FORBIDDEN: the viewer lost the ADMIN role while the request was under way. */
    NO_LONGER_ADMIN: "identity";
  }
}

export {};

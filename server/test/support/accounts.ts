// The web client's browser journeys (web/e2e) import accounts from here; the factories are the
// identity module's (src/modules/identity/identity.fixtures.ts), which server tests import directly.
export { SIGN_UP, signUp, uniqueEmail, type TestAccount } from "../../src/modules/identity/identity.fixtures.ts";

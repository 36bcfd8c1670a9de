import { z } from "zod";

// Zod compiles its checks with `new Function` unless told not to: its probe alone is an eval the
// Content Security Policy (script-src without unsafe-eval) refuses and reports. Forms import z
// from here, so the setting is made before any schema is used.
z.config({ jitless: true });

export { z };

/** As the API refuses them: control characters but newlines and tabs. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

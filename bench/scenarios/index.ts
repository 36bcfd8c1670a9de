// Every scenario the runner knows, in the order it runs them.
import type { Scenario } from "../scenario.ts";
import { catalog } from "./catalog.ts";
import { me } from "./me.ts";
import { signIn } from "./sign-in.ts";

export const SCENARIOS: Scenario[] = [signIn, me, catalog];

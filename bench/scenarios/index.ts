// Every scenario the runner knows, in the order it runs them.
import type { AnyScenario } from "../scenario.ts";
import { analyticsIngest } from "./analytics-ingest.ts";
import { analyticsRead } from "./analytics-read.ts";
import { catalog } from "./catalog.ts";
import { me } from "./me.ts";
import { progress } from "./progress.ts";
import { signIn } from "./sign-in.ts";
import { subscriptions } from "./subscriptions.ts";
import { transcode } from "./transcode.ts";
import { tutor } from "./tutor.ts";
import { upload } from "./upload.ts";

export const SCENARIOS: AnyScenario[] = [signIn, me, catalog, upload, transcode, progress, tutor, analyticsIngest, analyticsRead, subscriptions];

// The domain modules, in the order their types and routes are mounted.
import type { Module } from "../platform/module.ts";
import { analytics } from "./analytics/index.ts";
import { assessment } from "./assessment/index.ts";
import { billing } from "./billing/index.ts";
import { catalog } from "./catalog/index.ts";
import { community } from "./community/index.ts";
import { identity } from "./identity/index.ts";
import { integrations } from "./integrations/index.ts";
import { learning } from "./learning/index.ts";
import { media } from "./media/index.ts";
import { notes } from "./notes/index.ts";
import { reviews } from "./reviews/index.ts";
import { tutor } from "./tutor/index.ts";

export const modules: Module[] = [identity, catalog, media, learning, assessment, reviews, billing, tutor, notes, community, analytics, integrations];

// media: sections and videos of a course (metadata; uploads and processing come with issue 5).
import type { Module } from "../../platform/module.ts";
import { CourseStructureResolver } from "./course-structure.resolver.ts";
import { mediaRules } from "./media.rules.ts";
import { SectionResolver } from "./section.resolver.ts";
import { findVisibleSection } from "./section.service.ts";
import { findVisibleVideo } from "./video.service.ts";
import { VideoResolver } from "./video.resolver.ts";

export { countReadyVideos } from "./video.service.ts";

export const media: Module = {
  name: "media",
  resolvers: [CourseStructureResolver, SectionResolver, VideoResolver],
  rules: mediaRules,
  nodes: { Section: findVisibleSection, Video: findVisibleVideo },
};

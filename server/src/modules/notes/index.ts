// notes: learners' private notes and bookmarks at a moment of a video, listed by the course's
// playing order. In the module order after tutor and before analytics; it reads identity, catalog,
// media and learning through their index.ts only, and owns its table (no foreign keys into
// theirs). A note is its author's alone: anyone else is answered as if it did not exist.
// Its refusals' reasons, for every program that compiles the module (not only the server's, which includes every file).
import "./notes.reasons.ts";
import type { Module } from "../../platform/module.ts";
import { notesListeners } from "./notes.events.ts";
import { notesRules } from "./notes.rules.ts";
import { CourseNotesResolver, VideoNoteResolver } from "./video-note.resolver.ts";
import { findOwnNote } from "./video-note.service.ts";

export const notes: Module = {
  name: "notes",
  resolvers: [VideoNoteResolver, CourseNotesResolver],
  rules: notesRules,
  nodes: { VideoNote: findOwnNote },
  listeners: notesListeners,
};

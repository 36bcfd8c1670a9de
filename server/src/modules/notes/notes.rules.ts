// Who may use the notes module's operations: people in their own sessions (no partner's key reads
// or writes a learner's private notes; no scope says it may). The course's access and the note's
// author are checked by the service.
import { isPersonalSession, type RuleMap } from "../../platform/authorization.ts";
import { readsCatalog } from "../catalog/index.ts";

export const notesRules: RuleMap = {
  Mutation: { createVideoNote: isPersonalSession, updateVideoNote: isPersonalSession, deleteVideoNote: isPersonalSession },
  // Notes' field on catalog's Course, read wherever a course is (a mutation's answer too): null for
  // whoever keeps no notes in it, an API key included (notes.service.ts).
  Course: { viewerNotes: readsCatalog },
  // Reached only through the fields above (and Query.node, which answers the author alone), which decide.
  VideoNote: isPersonalSession,
  VideoNoteConnection: isPersonalSession,
  VideoNoteEdge: isPersonalSession,
};

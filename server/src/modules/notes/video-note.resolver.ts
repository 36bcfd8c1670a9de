import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { PageArgs } from "../../platform/pagination.ts";
import { Course, type CourseRow } from "../catalog/index.ts";
import { Video } from "../media/index.ts";
import type { VideoNoteRow } from "./video-note.loaders.ts";
import { createNote, deleteNote, notesOf, updateNote, videoOfNote } from "./video-note.service.ts";
import { CreateVideoNoteInput, UpdateVideoNoteInput, VideoNote, VideoNoteConnection } from "./video-note.type.ts";

@Resolver(() => VideoNote)
export class VideoNoteResolver {
  @Mutation(() => VideoNote, { description: "A private note or bookmark at a moment of a video of a course the viewer learns in (or teaches)." })
  createVideoNote(@Arg("input", () => CreateVideoNoteInput) input: CreateVideoNoteInput, @Ctx() context: Context) {
    return createNote(context, input);
  }

  @Mutation(() => VideoNote, { description: "Change the text of one's own note, and its moment when positionSeconds is given." })
  updateVideoNote(@Arg("input", () => UpdateVideoNoteInput) input: UpdateVideoNoteInput, @Ctx() context: Context) {
    return updateNote(context, input);
  }

  @Mutation(() => Boolean)
  deleteVideoNote(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return deleteNote(context, id);
  }

  @FieldResolver(() => Video)
  video(@Root() note: VideoNoteRow, @Ctx() context: Context) {
    return videoOfNote(context, note);
  }
}

// The notes' field on catalog's Course, federation-style: catalog does not know it.
@Resolver(() => Course)
export class CourseNotesResolver {
  @FieldResolver(() => VideoNoteConnection, {
    nullable: true,
    description:
      "The viewer's own notes and bookmarks in this course (or one of its videos), by the videos' playing order, then by moment. Null for whoever keeps no notes in it (not enrolled, or an API key).",
  })
  viewerNotes(
    @Root() course: CourseRow,
    @Args(() => PageArgs) page: PageArgs,
    @Arg("videoId", () => ID, { nullable: true }) videoId: string | null,
    @Ctx() context: Context,
  ) {
    return notesOf(context, course, page, videoId);
  }
}

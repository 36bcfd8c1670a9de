import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import type { VideoRow } from "./media.loaders.ts";
import { VideoPlayback } from "./upload.type.ts";
import * as playback from "./video-playback.ts";
import { Video } from "./video.type.ts";

@Resolver(() => Video)
export class VideoPlaybackResolver {
  @FieldResolver(() => VideoPlayback, {
    nullable: true,
    description: "Null unless the viewer may watch: enrolled, a course instructor, an admin, or a preview.",
  })
  playback(@Root() video: VideoRow, @Ctx() context: Context) {
    return playback.videoPlayback(context, video);
  }

  @FieldResolver(() => String, { nullable: true })
  thumbnailUrl(@Root() video: VideoRow, @Ctx() context: Context) {
    return playback.thumbnailUrl(context, video);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Course instructors and admins: why the last upload could not be processed (status FAILED, or READY with the previous file), in plain words with what to do.",
  })
  processingError(@Root() video: VideoRow, @Ctx() context: Context) {
    return playback.processingError(context, video);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Admins: the technical cause of processingError (what ffprobe or ffmpeg reported), for support; null for everyone else.",
  })
  processingErrorDetail(@Root() video: VideoRow, @Ctx() context: Context) {
    return playback.processingErrorDetail(context, video);
  }
}

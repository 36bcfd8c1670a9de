import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { findVisibleVideo } from "./video.service.ts";
import * as uploads from "./upload.service.ts";
import { CompletedPartInput, StartVideoUploadInput, VideoUpload, type VideoUploadResult } from "./upload.type.ts";
import { Video } from "./video.type.ts";

@Resolver(() => VideoUpload)
export class UploadResolver {
  @Mutation(() => VideoUpload, { description: "Course instructors and admins: URLs to upload the video's file to, straight to storage." })
  startVideoUpload(@Arg("input", () => StartVideoUploadInput) input: StartVideoUploadInput, @Ctx() context: Context) {
    return uploads.startVideoUpload(context, input);
  }

  @Mutation(() => VideoUpload, { description: "Checks the uploaded file (and for MULTIPART, every part's ETag), then processes it." })
  completeVideoUpload(
    @Arg("uploadId", () => ID) uploadId: string,
    @Arg("parts", () => [CompletedPartInput], { nullable: true }) parts: CompletedPartInput[] | null,
    @Ctx() context: Context,
  ) {
    return uploads.completeVideoUpload(context, uploadId, parts);
  }

  @Mutation(() => VideoUpload, { description: "Discards what was uploaded; the video keeps its current file." })
  abortVideoUpload(@Arg("uploadId", () => ID) uploadId: string, @Ctx() context: Context) {
    return uploads.abortVideoUpload(context, uploadId);
  }

  @FieldResolver(() => Video)
  video(@Root() upload: VideoUploadResult, @Ctx() context: Context) {
    return findVisibleVideo(context, upload.videoId);
  }
}

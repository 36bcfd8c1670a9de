import { Arg, Ctx, FieldResolver, Float, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import * as resources from "./video-resource.service.ts";
import { CreateVideoResourceUploadInput, VideoResource, VideoResourceDownload, VideoResourceUpload, type VideoResourceRow } from "./video-resource.type.ts";
import type { VideoRow } from "./media.loaders.ts";
import { Video } from "./video.type.ts";

@Resolver(() => VideoResource)
export class VideoResourceResolver {
  @Mutation(() => VideoResourceUpload, {
    description: "The course's team and admins: a URL to PUT a file to attach to the video; complete it once the file is there.",
  })
  createVideoResourceUpload(@Arg("input", () => CreateVideoResourceUploadInput) input: CreateVideoResourceUploadInput, @Ctx() context: Context) {
    return resources.createVideoResourceUpload(context, input);
  }

  @Mutation(() => VideoResource, {
    description: "Checks the uploaded file (its size, and that it holds what its type says), then lists it last among the video's resources. Again on a listed one: answers it.",
  })
  completeVideoResourceUpload(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return resources.completeVideoResourceUpload(context, id);
  }

  @Mutation(() => VideoResource, { description: "The name it downloads under; its extension stays one of its type's." })
  renameVideoResource(@Arg("id", () => ID) id: string, @Arg("fileName") fileName: string, @Ctx() context: Context) {
    return resources.renameVideoResource(context, id, fileName);
  }

  @Mutation(() => Boolean, { description: "Removes the resource and its stored file." })
  deleteVideoResource(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return resources.deleteVideoResource(context, id);
  }

  @Mutation(() => [VideoResource], { description: "Sets the order of the video's resources: every one listed, each once." })
  reorderVideoResources(
    @Arg("videoId", () => ID) videoId: string,
    @Arg("resourceIds", () => [ID]) resourceIds: string[],
    @Ctx() context: Context,
  ) {
    return resources.reorderVideoResources(context, videoId, resourceIds);
  }

  @FieldResolver(() => Float)
  byteSize(@Root() resource: VideoResourceRow) {
    return Number(resource.sizeBytes);
  }

  @FieldResolver(() => VideoResourceDownload, { nullable: true, description: "Null for whoever may not download it." })
  download(@Root() resource: VideoResourceRow, @Ctx() context: Context) {
    return resources.resourceDownload(context, resource);
  }
}

@Resolver(() => Video)
export class VideoResourcesResolver {
  @FieldResolver(() => [VideoResource], {
    description:
      "Files attached to the video, in order, for its course's enrolled learners, its team and admins; empty for anyone else (a preview's resources too).",
  })
  resources(@Root() video: VideoRow, @Ctx() context: Context) {
    return resources.visibleResources(context, video);
  }
}

import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import type { VideoResource as VideoResourceRow } from "../../generated/prisma/client.ts";
import { Node } from "../../platform/node.ts";

export type { VideoResourceRow };

/** A file attached to a video; its download URL is a field resolver, for whoever may watch the video. */
@ObjectType({ implements: Node, description: "A file attached to a video for its learners to download: slides, a PDF, a code archive." })
export class VideoResource extends Node {
  @Field({ description: "The name it downloads under." }) fileName!: string;
  @Field() contentType!: string;
  @Field(() => Int, { nullable: true, description: "0-based, among the video's resources; null until its upload is completed." }) position!: number | null;
  @Field() createdAt!: Date;
}

@ObjectType({ description: "Where to PUT a resource's file, straight to storage, before completing it." })
export class VideoResourceUpload {
  @Field(() => ID, { description: "The resource's id, for completeVideoResourceUpload." }) id!: string;
  @Field({ description: "Presigned PUT URL; send the file with its Content-Type." }) url!: string;
  @Field({ description: "The URL stops working then, and an uncompleted resource is discarded." }) expiresAt!: Date;
}

@ObjectType()
export class VideoResourceDownload {
  @Field({ description: "A signed, expiring URL answering the file as an attachment under its name." }) url!: string;
  @Field() expiresAt!: Date;
}

@InputType()
export class CreateVideoResourceUploadInput {
  @Field(() => ID) videoId!: string;
  @Field({ description: "At most 255 characters, no control characters or slashes, ending with an extension of its type." }) fileName!: string;
  @Field({
    description:
      "application/pdf; slides: application/vnd.openxmlformats-officedocument.presentationml.presentation, application/vnd.apple.keynote, application/vnd.oasis.opendocument.presentation; archives: application/zip, application/gzip (.tar.gz); text/plain, text/markdown; image/png, image/jpeg, image/gif, image/webp.",
  })
  contentType!: string;
  @Field(() => Float) byteSize!: number;
}

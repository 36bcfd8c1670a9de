import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { VideoUpload as VideoUploadRow } from "../../generated/prisma/client.ts";
import { UploadMethod, UploadStatus } from "../../generated/prisma/enums.ts";
import { Node } from "../../platform/node.ts";

registerEnumType(UploadMethod, {
  name: "UploadMethod",
  valuesConfig: {
    SINGLE_PUT: { description: "PUT the whole file to `url`." },
    MULTIPART: { description: "PUT each part to its URL, then complete with every part's ETag." },
  },
});
registerEnumType(UploadStatus, { name: "UploadStatus" });

@ObjectType()
export class UploadPart {
  @Field(() => Int) partNumber!: number;
  @Field({ description: "Presigned PUT URL for this part." }) url!: string;
}

/** An upload row with the URLs handed out when it starts (none afterwards). */
export type VideoUploadResult = VideoUploadRow & { url: string | null; parts: UploadPart[] };

@ObjectType({ implements: Node })
export class VideoUpload extends Node {
  @Field(() => UploadStatus) status!: UploadStatus;
  @Field(() => UploadMethod) method!: UploadMethod;
  @Field(() => String, { nullable: true, description: "Presigned PUT URL when method is SINGLE_PUT." }) url!: string | null;
  @Field(() => Int, { nullable: true, description: "Every part but the last has exactly this size." }) partSizeBytes!: number | null;
  @Field(() => [UploadPart], { description: "One presigned URL per part when method is MULTIPART; a failed part may be PUT again." })
  parts!: UploadPart[];
  @Field({ description: "The URLs stop working then, and an unfinished upload is discarded." }) expiresAt!: Date;
  @Field(() => String, { nullable: true, description: "Why the file could not be processed." }) error!: string | null;
}

@InputType()
export class StartVideoUploadInput {
  @Field(() => ID) videoId!: string;
  @Field() fileName!: string;
  @Field({ description: "video/mp4, video/webm, video/quicktime or video/x-matroska." }) contentType!: string;
  @Field(() => Float) sizeBytes!: number;
}

@InputType()
export class CompletedPartInput {
  @Field(() => Int) partNumber!: number;
  @Field({ description: "The ETag header the part's PUT answered with." }) etag!: string;
}

@ObjectType()
export class VideoPlayback {
  @Field({ description: "A signed, expiring URL: a CDN URL in production, the API's own file route by default. Supports HTTP range requests." })
  url!: string;
  @Field() mimeType!: string;
  @Field() expiresAt!: Date;
}

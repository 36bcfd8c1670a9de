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
  @Field({
    description:
      "A video's: video/mp4, video/webm, video/quicktime, video/x-matroska or video/x-msvideo; a sound file's, for an audio-only lesson: audio/mp4 (M4A), audio/mpeg (MP3), audio/aac, audio/ogg, audio/opus, audio/webm, audio/wav or audio/x-wav.",
  })
  contentType!: string;
  @Field(() => Float) sizeBytes!: number;
}

@InputType()
export class CompletedPartInput {
  @Field(() => Int) partNumber!: number;
  @Field({ description: "The ETag header the part's PUT answered with." }) etag!: string;
}

@ObjectType({ description: "One rung of a video's HLS ladder." })
export class VideoRendition {
  @Field(() => Int) width!: number;
  @Field(() => Int) height!: number;
  @Field(() => Int, { description: "Peak bits per second, video and audio together, as the master playlist announces it." })
  bandwidth!: number;
}

@ObjectType()
export class VideoPlayback {
  @Field({ description: "A signed, expiring URL: a CDN URL in production, the API's own file route by default. Supports HTTP range requests." })
  url!: string;
  @Field() mimeType!: string;
  @Field() expiresAt!: Date;
  @Field(() => String, {
    nullable: true,
    description:
      "The HLS master playlist, signed and expiring like `url`, its variant playlists and segments included. Null until the video's rendition ladder exists; `url` is then the file to play.",
  })
  hlsUrl!: string | null;
  @Field(() => [VideoRendition], { description: "The picture renditions behind `hlsUrl`, lowest first; empty without a ladder, and for sound alone (whose ladder is one audio rendition)." })
  renditions!: VideoRendition[];
  @Field(() => String, { nullable: true, description: "A full-size frame to show before playing, signed and expiring like `url`." })
  posterUrl!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "A WebVTT track of seek previews: each cue a `<sprite URL>#xywh=x,y,w,h` region of one JPEG, its URLs signed like `url`.",
  })
  thumbnailsVttUrl!: string | null;
}

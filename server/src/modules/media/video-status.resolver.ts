import { Arg, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../../platform/context.ts";
import { badInput } from "../../platform/errors.ts";
import { getEditableCourse } from "../catalog/index.ts";
import type { VideoRow } from "./media.loaders.ts";
import { videoStatusEvents } from "./video-status.ts";
import { Video } from "./video.type.ts";

@Resolver()
export class VideoStatusResolver {
  @Subscription(() => Video, {
    description: "Upload and processing status of a course's videos.",
    subscribe: ({ args, context }) => videoStatusEvents(context as Context, (args as { courseId: string }).courseId),
  })
  async videoStatusChanged(
    @Root() video: VideoRow | undefined,
    @Arg("courseId", () => ID) courseId: string,
    @Ctx() context: Context,
  ): Promise<VideoRow> {
    // For every event too, with the viewer's rights at that moment: a refusal ends the subscription.
    await getEditableCourse(context, courseId, "courseId");
    if (video) return video;
    // Sent over HTTP, where no events can follow: the answer subscribing would give, else how to subscribe.
    throw badInput({ operation: "subscriptions are served over WebSocket (graphql-ws) at /graphql" });
  }
}

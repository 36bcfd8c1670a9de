// The events the community module emits, and its reactions: a new answer notifies the asker (in
// the app, and by mail when they chose so), once, whatever the number of deliveries.
import type { Listeners } from "../../platform/domain-events.ts";
import type { Platform } from "../../platform/platform.ts";
import { notifyOfAnswer } from "./notification.service.ts";

declare module "../../platform/domain-events.ts" {
  interface DomainEvents {
    /** Someone answered a question. Aggregate: the question. */
    "community.answerPosted": { answerId: string; questionId: string; courseId: string; askerId: string; answererId: string };
  }
}

export const communityListeners: Listeners<Platform> = {
  "community.answerPosted": ({ payload }, platform) => notifyOfAnswer(platform, payload),
};

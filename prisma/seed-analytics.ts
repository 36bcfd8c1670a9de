// A few weeks of analytics for the demo course, written through the analytics store as the
// player's and the other modules' events would be, so that the instructor's dashboard shows every
// figure at first start: daily enrollments and activity, watch time, retention curves that fall
// off, and a confusion hotspot (rewinds, pauses, "I'm confused" and a tutor question around the
// same moment of the last video). Demo learners are ids only: analytics keeps no user rows.
import { randomUUID } from "node:crypto";
import { appendEvents, type StoredEvent } from "../server/src/modules/analytics/index.ts";
import type { Database } from "../server/src/platform/db.ts";

const DAYS = 21;
const LEARNERS = 24;
const DAY_MS = 86_400_000;

/** mulberry32: a small seeded PRNG (the demo's fixed seed makes it look the same on every machine; tests replay runs by seed). */
export function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemoAnalytics(db: Database, courseId: string, videos: { id: string; seconds: number }[], now = new Date()): Promise<void> {
  const random = prng(16);
  const events: StoredEvent[] = [];
  const add = (event: Pick<StoredEvent, "type" | "userId" | "courseId" | "occurredAt"> & Partial<StoredEvent>) =>
    events.push({
      clientEventId: randomUUID(),
      videoId: null,
      positionSeconds: null,
      fromPositionSeconds: null,
      playbackRate: null,
      learner: true,
      detail: null,
      ...event,
    });
  // The last video's confusing moment: where its second idea starts.
  const hard = videos.at(-1)!;
  const hardMoment = Math.floor(hard.seconds * 0.6);

  for (let index = 0; index < LEARNERS; index += 1) {
    const userId = randomUUID();
    const enrolledAt = now.getTime() - (DAYS - Math.floor(random() * DAYS)) * DAY_MS + Math.floor(random() * 8) * 3_600_000;
    add({ type: "ENROLLED", userId, courseId, occurredAt: new Date(enrolledAt) });
    // Each learner watches on a few days after enrolling, further into the course each time, and some stop early.
    const stopsAfter = 1 + Math.floor(random() * videos.length);
    let day = enrolledAt;
    for (const [position, video] of videos.slice(0, stopsAfter).entries()) {
      day = Math.min(now.getTime() - 60_000, day + Math.floor(random() * 3) * DAY_MS + 600_000);
      const at = (seconds: number) => new Date(day + seconds * 1000);
      const until = position === stopsAfter - 1 && random() < 0.5 ? video.seconds * (0.3 + random() * 0.5) : video.seconds;
      add({ type: "VIDEO_PLAY", userId, courseId, videoId: video.id, positionSeconds: 0, occurredAt: at(0) });
      add({ type: "PROGRESS", userId, courseId, videoId: video.id, occurredAt: at(until), detail: { ranges: [[0, Math.round(until * 10) / 10]] } });
      if (video === hard && until > hardMoment) {
        if (random() < 0.7) add({ type: "VIDEO_SEEK", userId, courseId, videoId: video.id, positionSeconds: hardMoment - 1, fromPositionSeconds: hardMoment + 3, occurredAt: at(hardMoment + 3) });
        if (random() < 0.5) add({ type: "VIDEO_PAUSE", userId, courseId, videoId: video.id, positionSeconds: hardMoment + 1, occurredAt: at(hardMoment + 4) });
        if (random() < 0.35) add({ type: "CONFUSED", userId, courseId, videoId: video.id, positionSeconds: hardMoment, occurredAt: at(hardMoment + 5) });
        if (random() < 0.15) add({ type: "TUTOR_QUESTION", userId, courseId, videoId: video.id, positionSeconds: hardMoment + 2, occurredAt: at(hardMoment + 6) });
      } else if (random() < 0.3) {
        add({ type: "VIDEO_PAUSE", userId, courseId, videoId: video.id, positionSeconds: Math.floor(random() * until), occurredAt: at(until) });
      }
      if (until === video.seconds) add({ type: "VIDEO_ENDED", userId, courseId, videoId: video.id, positionSeconds: video.seconds, occurredAt: at(until) });
    }
    if (stopsAfter === videos.length && random() < 0.8) add({ type: "COMPLETED", userId, courseId, occurredAt: new Date(day + 120_000) });
  }
  for (let index = 0; index < events.length; index += 500) await appendEvents(db, events.slice(index, index + 500));
}

// Demo data for a fresh development database: one account per role and three demo courses: a free
// published one with short playable videos, in which the demo student is part-way, a paid published
// one to buy (with the local payment provider by default), and a draft; a few weeks of analytics
// for the free one's dashboard. Runs once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { rollUpNow } from "../server/src/modules/analytics/index.ts";
import { DEMO_ACCOUNTS, hashPassword } from "../server/src/modules/identity/index.ts";
import { importVideoFile } from "../server/src/modules/media/index.ts";
import type { Database } from "../server/src/platform/db.ts";
import type { Platform } from "../server/src/platform/platform.ts";
import { demoTranscript, makeDemoClip, type DemoClip } from "./demo-videos.ts";
import { seedDemoAnalytics } from "./seed-analytics.ts";

export { DEMO_ACCOUNTS };

/** Seeds when the database has no users yet; answers whether it did. */
export async function seedDemoData(platform: Platform): Promise<boolean> {
  const { db } = platform;
  if ((await db.user.count()) > 0) return false;
  for (const account of DEMO_ACCOUNTS) {
    await db.user.create({
      data: {
        email: account.email,
        role: account.role,
        emailVerified: true,
        passwordHash: await hashPassword(account.password),
        profile: { create: { displayName: account.displayName } },
      },
    });
  }
  const { courseId, videos } = await seedDemoCourses(db);
  await seedDemoLearning(db, courseId, videos[0].id);
  await seedDemoAnalytics(db, courseId, videos.map(({ id, clip }) => ({ id, seconds: clip.seconds })));
  // In the dashboard's figures before the server takes its first request (the sweep would take a few seconds).
  await rollUpNow(platform);
  const paid = await seedPaidDemoCourse(db);
  await seedDemoVideoFiles(platform, [...videos, ...paid.videos]);
  return true;
}

interface DemoVideo {
  title: string;
  isPreview?: boolean;
  clip: DemoClip;
}

const GETTING_STARTED: DemoVideo[] = [
  {
    title: "Why TypeScript",
    isPreview: true,
    clip: {
      pattern: "testsrc2",
      seconds: 12,
      toneHz: 440,
      lines: ["Welcome to Practical TypeScript.", "Types catch mistakes before your users do.", "They also document what your code expects."],
    },
  },
  {
    title: "Setting up a project",
    clip: {
      pattern: "smptebars",
      seconds: 10,
      toneHz: 523,
      lines: ["Install TypeScript with npm.", "Run tsc --init to write a tsconfig.json.", "Turn on strict mode from the start."],
    },
  },
];
const EVERYDAY_TYPES: DemoVideo[] = [
  {
    title: "Unions and narrowing",
    clip: {
      pattern: "testsrc",
      seconds: 15,
      toneHz: 659,
      lines: ["A union type says a value is one of several types.", "A check such as typeof narrows it to one of them.", "The compiler follows your checks."],
    },
  },
];

/**
 * Two courses of the demo instructor: one published, with videos waiting for their files, one
 * still a draft. Answers the published course's id and its video ids with what to make their files from.
 */
async function seedDemoCourses(db: Database): Promise<{ courseId: string; videos: { id: string; clip: DemoClip }[] }> {
  const instructor = await db.user.findUniqueOrThrow({ where: { email: "instructor@example.com" }, select: { id: true } });
  const published = await db.course.create({
    data: {
      slug: "practical-typescript",
      title: "Practical TypeScript",
      subtitle: "Types that pay for themselves",
      description: "From the first annotation to generics, narrowing and project structure, with exercises.",
      priceCents: 0,
      tags: ["typescript", "programming", "beginner"],
      ownerId: instructor.id,
      status: "PUBLISHED",
      publishedAt: new Date(),
      sections: { create: [{ title: "Getting started", position: 0 }, { title: "Everyday types", position: 1 }] },
    },
    include: { sections: { orderBy: { position: "asc" } } },
  });
  const [start, everyday] = published.sections;
  const planned = [
    ...GETTING_STARTED.map((video, position) => ({ ...video, sectionId: start.id, position })),
    ...EVERYDAY_TYPES.map((video, position) => ({ ...video, sectionId: everyday.id, position })),
  ];
  const videos: { id: string; clip: DemoClip }[] = [];
  for (const { title, isPreview, sectionId, position, clip } of planned) {
    const video = await db.video.create({
      data: { courseId: published.id, sectionId, title, position, isPreview: isPreview ?? false, transcriptVtt: demoTranscript(clip) },
      select: { id: true },
    });
    videos.push({ id: video.id, clip });
  }
  await db.course.create({
    data: {
      slug: "graphql-apis-that-last",
      title: "GraphQL APIs that last",
      description: "Schema design, pagination, authorization and performance. Work in progress.",
      priceCents: 4900,
      tags: ["graphql", "web", "advanced"],
      ownerId: instructor.id,
      sections: { create: [{ title: "Schema design", position: 0 }] },
    },
  });
  return { courseId: published.id, videos };
}

const TESTING_TYPESCRIPT: DemoVideo[] = [
  {
    title: "What to test",
    isPreview: true,
    clip: {
      pattern: "rgbtestsrc",
      seconds: 10,
      toneHz: 392,
      lines: ["Welcome to Testing TypeScript.", "Test what your users rely on.", "Types cover the rest."],
    },
  },
  {
    title: "Your first test",
    clip: {
      pattern: "yuvtestsrc",
      seconds: 10,
      toneHz: 587,
      lines: ["Write a test that fails first.", "Then make it pass.", "Keep it small and named for what it checks."],
    },
  },
];

/**
 * A paid published course of the demo instructor, for buying in the demo (the demo student is not
 * enrolled): its first video is a preview. Answers its videos with what to make their files from.
 */
async function seedPaidDemoCourse(db: Database): Promise<{ videos: { id: string; clip: DemoClip }[] }> {
  const instructor = await db.user.findUniqueOrThrow({ where: { email: "instructor@example.com" }, select: { id: true } });
  const course = await db.course.create({
    data: {
      slug: "testing-typescript",
      title: "Testing TypeScript",
      subtitle: "Tests worth keeping",
      description: "What to test, how to name it and how to keep a suite fast, for TypeScript projects.",
      priceCents: 1900,
      currency: "USD",
      tags: ["typescript", "testing", "intermediate"],
      ownerId: instructor.id,
      status: "PUBLISHED",
      // Published a day before Practical TypeScript, which the catalog (newest first) keeps showing first.
      publishedAt: new Date(Date.now() - 86_400_000),
    },
    select: { id: true },
  });
  const videos: { id: string; clip: DemoClip }[] = [];
  for (const [position, { title, isPreview, clip }] of TESTING_TYPESCRIPT.entries()) {
    const video = await db.video.create({
      data: { courseId: course.id, title, position, isPreview: isPreview ?? false, transcriptVtt: demoTranscript(clip) },
      select: { id: true },
    });
    videos.push({ id: video.id, clip });
  }
  return { videos };
}

/** Where the demo student stopped in the published course's first video, having watched it from the start. */
export const DEMO_RESUME_SECONDS = 5;

/**
 * The demo student enrolled in the published course, part-way through its first video, so that
 * "My learning" shows it with a resume point at first start. The watched union is written as a
 * report would leave it.
 */
async function seedDemoLearning(db: Database, courseId: string, firstVideoId: string): Promise<void> {
  const student = await db.user.findUniqueOrThrow({ where: { email: "student@example.com" }, select: { id: true } });
  const enrollment = await db.enrollment.create({ data: { userId: student.id, courseId, source: "FREE" }, select: { id: true } });
  await db.$executeRaw`
    INSERT INTO video_progress (enrollment_id, video_id, watched, position_seconds, position_at, updated_at)
    VALUES (${enrollment.id}::uuid, ${firstVideoId}::uuid, nummultirange(numrange(0, ${DEMO_RESUME_SECONDS})), ${DEMO_RESUME_SECONDS}, now(), now())`;
}

/**
 * Makes each clip and gives it to its video the way an upload would (stored, then processed).
 * Without a working ffmpeg the demo still starts: its videos then simply have no file.
 */
async function seedDemoVideoFiles(platform: Platform, videos: { id: string; clip: DemoClip }[]): Promise<void> {
  const workDir = await mkdtemp(path.join(tmpdir(), "demo-videos-"));
  try {
    await Promise.all(
      videos.map(async ({ id, clip }) => {
        const filePath = path.join(workDir, `${id}.mp4`);
        await makeDemoClip(clip, filePath);
        await importVideoFile(platform, id, { filePath, contentType: "video/mp4" });
      }),
    );
  } catch (error) {
    platform.log.warn({ err: error }, "the demo videos have no files: they could not be made");
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

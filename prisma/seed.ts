// Demo data for a fresh development database: one account per role and two demo courses. Runs once.
import type { Database } from "../server/src/platform/db.ts";
import { hashPassword } from "../server/src/modules/identity/index.ts";

export const DEMO_ACCOUNTS = [
  { role: "ADMIN", email: "admin@example.com", password: "admin-demo-2026", displayName: "Ada Admin" },
  { role: "INSTRUCTOR", email: "instructor@example.com", password: "teach-demo-2026", displayName: "Ian Instructor" },
  { role: "STUDENT", email: "student@example.com", password: "learn-demo-2026", displayName: "Sam Student" },
] as const;

/** Seeds when the database has no users yet; answers whether it did. */
export async function seedDemoData(db: Database): Promise<boolean> {
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
  await seedDemoCourses(db);
  return true;
}

/**
 * Two courses of the demo instructor: one published (its first video marked READY directly,
 * standing in for an upload), one still a draft.
 */
async function seedDemoCourses(db: Database): Promise<void> {
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
  await db.video.createMany({
    data: [
      { courseId: published.id, sectionId: start.id, title: "Why TypeScript", position: 0, status: "READY", durationSeconds: 312, isPreview: true },
      { courseId: published.id, sectionId: start.id, title: "Setting up a project", position: 1 },
      { courseId: published.id, sectionId: everyday.id, title: "Unions and narrowing", position: 0 },
    ],
  });
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
}

// A realistic catalog for load tests: published courses with sections of READY videos, written
// in bulk. Deterministic, so runs compare like with like.
import type { Database } from "../server/src/platform/db.ts";

export interface CatalogSeedOptions {
  /** The user who owns every course (an instructor). */
  ownerId: string;
  courses?: number;
  videosPerCourse?: number;
  sectionsPerCourse?: number;
  /** Keeps slugs apart when seeding twice into one database. */
  slugPrefix?: string;
}

const SUBJECTS = ["TypeScript", "PostgreSQL", "GraphQL", "React", "Kubernetes", "Rust", "Python", "Statistics", "Design", "Photography", "Spanish", "Guitar"];
const LEVELS = ["Introduction to", "Practical", "Advanced", "Mastering", "A Friendly Guide to", "Hands-on"];
const TAGS = ["programming", "web", "data", "devops", "design", "language", "music", "beginner", "advanced", "career"];
const BATCH = 50;

/** A small linear congruential generator: the same numbers on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export async function seedCatalog(db: Database, options: CatalogSeedOptions): Promise<number> {
  const { ownerId, courses = 500, videosPerCourse = 20, sectionsPerCourse = 4, slugPrefix = "seed" } = options;
  const next = random(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const videosPerSection = Math.ceil(videosPerCourse / sectionsPerCourse);

  for (let start = 0; start < courses; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, courses - start) }, (_, offset) => {
      const n = start + offset;
      const subject = pick(SUBJECTS);
      return {
        course: {
          slug: `${slugPrefix}-${n}`,
          title: `${pick(LEVELS)} ${subject} ${n}`,
          subtitle: `Everything you need to get productive with ${subject}`,
          description: `A complete course on ${subject}: fundamentals, worked examples and projects. `.repeat(8),
          priceCents: next() < 0.3 ? 0 : 900 + Math.floor(next() * 100) * 100,
          tags: [pick(TAGS), pick(TAGS), subject.toLowerCase()].filter((tag, i, all) => all.indexOf(tag) === i),
          ownerId,
          status: "PUBLISHED" as const,
          popularity: Math.floor(next() * 10_000),
          publishedAt: new Date(Date.UTC(2025, 0, 1) + n * 3_600_000),
        },
      };
    });
    const created = await db.course.createManyAndReturn({ data: batch.map((item) => item.course), select: { id: true } });
    const sections = await db.section.createManyAndReturn({
      data: created.flatMap(({ id }) => Array.from({ length: sectionsPerCourse }, (_, s) => ({ courseId: id, title: `Part ${s + 1}`, position: s }))),
      select: { id: true, courseId: true, position: true },
    });
    await db.video.createMany({
      data: sections.flatMap((section) =>
        Array.from({ length: Math.min(videosPerSection, videosPerCourse - section.position * videosPerSection) }, (_, v) => ({
          courseId: section.courseId,
          sectionId: section.id,
          title: `Lesson ${section.position * videosPerSection + v + 1}`,
          position: v,
          status: "READY" as const,
          durationSeconds: 120 + Math.floor(next() * 900),
          isPreview: section.position === 0 && v === 0,
        })),
      ),
    });
  }
  return courses;
}

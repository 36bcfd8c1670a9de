// Arranges catalog state straight in the database: the catalog and media modules have no
// "publish a ready video" path a browser journey could take without uploads.
import type { TestServer } from "../../../server/test/support/test-server.ts";

export interface PublishedCourseSpec {
  ownerId: string;
  slug: string;
  title: string;
  description: string;
  tags: string[];
  sectionTitle: string;
  video: { title: string; durationSeconds: number };
}

export async function arrangePublishedCourse(server: TestServer, spec: PublishedCourseSpec): Promise<void> {
  await server.db.course.create({
    data: {
      ownerId: spec.ownerId,
      slug: spec.slug,
      title: spec.title,
      description: spec.description,
      tags: spec.tags,
      priceCents: 0,
      status: "PUBLISHED",
      publishedAt: new Date(),
      sections: { create: { title: spec.sectionTitle, position: 0 } },
    },
  });
  const course = await server.db.course.findUniqueOrThrow({ where: { slug: spec.slug }, include: { sections: true } });
  await server.db.video.create({
    data: {
      courseId: course.id,
      sectionId: course.sections[0].id,
      title: spec.video.title,
      position: 0,
      status: "READY",
      isPreview: true,
      durationSeconds: spec.video.durationSeconds,
    },
  });
}

// The reviews module's rows of the authorization matrix (run by test/authorization.test.ts). One
// published course of the matrix's owner per run, in which the matrix's student is enrolled and has
// watched enough to rate it; replies and hiding act on a fresh review of a new learner each call.
// Every write is a person's own, never a key's; replies are the owner's (the other instructor does
// not teach this course), hiding an admin's.
import { allowOnly, type AccessRow, type AccessWorld, type MatrixActor, type Verdict } from "../../../test/support/access-matrix.ts";
import { enrollAs, record } from "../learning/learning.fixtures.ts";
import { courseToRate, DELETE_REVIEW, EDIT_REPLY, learnerWhoWatched, rate, REPLY, SET_HIDDEN, UPSERT_REVIEW } from "./reviews.fixtures.ts";

const worlds = new WeakMap<AccessWorld, Promise<{ courseId: string; videoIds: string[] }>>();
function reviewsWorld(world: AccessWorld) {
  let arranged = worlds.get(world);
  if (!arranged) {
    arranged = (async () => {
      const course = await courseToRate(world.server, world.cast.owner.accessToken);
      await enrollAs(world.server, world.cast.student.accessToken, course.courseId);
      await record(world.server, world.cast.student.accessToken, { videoId: course.videoIds[0], watchedRanges: [[0, 50]] });
      return course;
    })();
    worlds.set(world, arranged);
  }
  return arranged;
}

/** A new learner's review of the run's course: its global id. */
async function freshReview(world: AccessWorld, replied = false): Promise<string> {
  const course = await reviewsWorld(world);
  const learner = await learnerWhoWatched(world.server, course);
  const review = await rate(world.server, learner.accessToken, course.courseId, 4, "Clear and well paced.");
  if (replied) await world.graphql("owner", REPLY, { reviewId: review.id, text: "Thank you." });
  return review.id;
}

/** People without the thing asked for answer NOT_FOUND (`hide`); anonymous visitors and keys are refused. */
function onlyWithHidden(allowed: MatrixActor, hidden: MatrixActor[]): Record<MatrixActor, Verdict> {
  const verdicts = allowOnly(allowed);
  for (const actor of hidden) verdicts[actor] = "hide";
  return verdicts;
}

export const accessRows: AccessRow[] = [
  {
    // The student is enrolled and watched half the course; the others are not enrolled (FORBIDDEN, REVIEW_NEEDS_ENROLLMENT).
    operation: "Mutation.upsertCourseReview",
    document: UPSERT_REVIEW,
    variables: async (world) => ({ input: { courseId: (await reviewsWorld(world)).courseId, rating: 5, text: "Great." } }),
    verdicts: allowOnly("student"),
  },
  {
    // Each call's actor deletes their own review: the student has one (made before the call); the others none (NOT_FOUND).
    operation: "Mutation.deleteCourseReview",
    document: DELETE_REVIEW,
    variables: async (world, actor) => {
      const { courseId } = await reviewsWorld(world);
      if (actor === "student") await rate(world.server, world.cast.student.accessToken, courseId, 3);
      return { courseId };
    },
    verdicts: onlyWithHidden("student", ["owner", "otherInstructor", "admin"]),
  },
  {
    operation: "Mutation.replyToCourseReview",
    document: REPLY,
    variables: async (world) => ({ reviewId: await freshReview(world), text: "Thanks for the review." }),
    verdicts: allowOnly("owner"),
  },
  {
    operation: "Mutation.editCourseReviewReply",
    document: EDIT_REPLY,
    variables: async (world) => ({ reviewId: await freshReview(world, true), text: "Thanks again." }),
    verdicts: allowOnly("owner"),
  },
  {
    operation: "Mutation.setCourseReviewHidden",
    document: SET_HIDDEN,
    variables: async (world) => ({ reviewId: await freshReview(world), hidden: true, reason: "Abusive language." }),
    verdicts: allowOnly("admin"),
  },
];

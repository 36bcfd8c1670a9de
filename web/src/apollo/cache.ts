import { InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          courses: relayStylePagination(["filter", "orderBy"]),
          teachingCourses: relayStylePagination(["status"]),
          users: relayStylePagination(["role", "search"]),
          instructorApplications: relayStylePagination(["status"]),
          myEnrollments: relayStylePagination(["status"]),
          courseStudents: relayStylePagination(["courseId"]),
          myPayments: relayStylePagination(),
          mySupportViews: relayStylePagination(),
          coursePayments: relayStylePagination(["courseId"]),
          myNotifications: relayStylePagination(["unreadOnly"]),
        },
      },
      // A tutor conversation opens at its latest messages: earlier pages (before) go in front, newer ones (after) at the end.
      TutorThread: { fields: { messages: relayStylePagination() } },
      Course: {
        fields: {
          // A learner's notes in a course: more pages go at the end; a refetch of the first page replaces them.
          viewerNotes: relayStylePagination(["videoId"]),
          // A course's reviews, one list per order; "Load more" appends.
          reviews: relayStylePagination(["orderBy"]),
          // Lecture Q&A: one list per search (or video), "Load more" appends.
          questions: relayStylePagination(["search", "videoId"]),
        },
      },
      Video: { fields: { questions: relayStylePagination(["orderBy"]) } },
      CourseQuestion: { fields: { answers: relayStylePagination() } },
      CourseRating: { merge: true },
      // Objects without an id of their own: merge updates into what is cached.
      Profile: { merge: true },
      CourseProgress: { merge: true },
      VideoProgress: { merge: true },
      // The editor reads only its renditions, the players its URLs: neither drops the other's fields.
      VideoPlayback: { merge: true },
    },
  });
}

// Who may use analytics: any signed-in person in their own session sends their events (the
// service checks each event's course); a course's figures are its team's and admins' (the service
// decides whose course), which a key may read with analytics:read, as a report.
import { allow, hasScope, isPersonalSession, isSignedIn, type RuleMap } from "../../platform/authorization.ts";

export const analyticsRules: RuleMap = {
  Query: { courseAnalytics: hasScope("analytics:read"), videoAnalytics: hasScope("analytics:read") },
  Mutation: { trackEvents: isPersonalSession },
  Subscription: { courseAnalyticsLive: isPersonalSession },
  // Reached only through the fields above, which decide.
  TrackEventsResult: isSignedIn,
  RejectedEvent: isSignedIn,
  CourseAnalytics: isSignedIn,
  VideoAnalytics: isSignedIn,
  LiveCourseStats: isSignedIn,
  VideoHotspot: isSignedIn,
  // Plain figures, hundreds to an answer, inside the types above: no rule of their own to check
  // on each of their fields, which then cost GraphQL's plain property read.
  DailyMetric: allow,
  RetentionPoint: allow,
  ConfusionBucket: allow,
};

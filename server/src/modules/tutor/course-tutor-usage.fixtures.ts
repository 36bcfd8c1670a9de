// The course tutor usage query, every field, for tests and the authorization matrix.
export const COURSE_USAGE = /* GraphQL */ `
  query ($courseId: ID!, $from: DateTime, $to: DateTime) {
    courseTutorUsage(courseId: $courseId, from: $from, to: $to) {
      from
      to
      questions
      askers
      promptTokens
      completionTokens
      estimatedCostCents
      currency
      prices { promptPer1kTokens completionPer1kTokens }
      byModel { model excerpts questions promptTokens completionTokens estimatedCostCents }
      daily { date questions askers promptTokens completionTokens estimatedCostCents }
    }
  }
`;

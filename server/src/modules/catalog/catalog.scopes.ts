// The public response cache's scope of a course: the tag the data change triggers name for a
// course's rows and the rows shown with it (the public_data_changes_per_course migration).
export const coursePublicScope = (courseId: string) => `course:${courseId}`;

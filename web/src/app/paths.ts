export function coursePath(slug: string): string {
  return `/courses/${encodeURIComponent(slug)}`;
}

export function courseEditorPath(courseId: string): string {
  return `/teach/courses/${encodeURIComponent(courseId)}/edit`;
}

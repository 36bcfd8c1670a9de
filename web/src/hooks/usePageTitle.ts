import { useEffect } from "react";

/** The product's one name: header, tab titles and index.html. */
export const SITE_NAME = "Courses";

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title && title !== SITE_NAME ? `${title} · ${SITE_NAME}` : SITE_NAME;
  }, [title]);
}

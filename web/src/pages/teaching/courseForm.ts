import type { FieldErrors } from "../../apollo/apiErrors";
import { optionalTextOf, textOf } from "../../components/forms/formValues";
import { parsePriceToMinor } from "../../format/price";

export interface CourseFormValues {
  title: string;
  subtitle: string | null;
  description: string;
  priceCents: number;
  currency: string;
  tags: string[];
  slug: string | undefined;
}

function tagsOf(text: string): string[] {
  return [...new Set(text.split(",").map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

/** Reads the fields of CourseFields; the errors are what must be fixed before sending. */
export function readCourseForm(
  data: FormData,
): { values: CourseFormValues; errors: null } | { values: null; errors: FieldErrors } {
  const currency = textOf(data, "currency");
  const priceCents = parsePriceToMinor(textOf(data, "priceCents"), currency);
  if (priceCents === null) {
    return {
      values: null,
      errors: { priceCents: "Enter a price such as 19.99, or 0 for a free course." },
    };
  }
  return {
    values: {
      title: textOf(data, "title"),
      subtitle: optionalTextOf(data, "subtitle"),
      description: textOf(data, "description"),
      priceCents,
      currency,
      tags: tagsOf(textOf(data, "tags")),
      // Absent, not null: the API then derives the slug from the title.
      slug: optionalTextOf(data, "slug") ?? undefined,
    },
    errors: null,
  };
}

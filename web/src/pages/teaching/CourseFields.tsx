import type { FieldErrors } from "../../apollo/apiErrors";
import { SelectField } from "../../components/forms/SelectField";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { TextField } from "../../components/forms/TextField";
import { minorToPriceText } from "../../format/price";

const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "PLN", "INR", "BRL"];
const CURRENCY_OPTIONS = CURRENCIES.map((code) => ({
  value: code,
  label: code,
}));

export interface CourseFieldDefaults {
  title: string;
  subtitle: string | null;
  description: string;
  priceCents: number;
  currency: string;
  tags: readonly string[];
  slug: string;
}

interface CourseFieldsProps {
  fieldErrors: FieldErrors;
  /** The course being edited; a new course starts blank. */
  defaults?: CourseFieldDefaults;
}

/** The fields a course is created and edited with; read them with readCourseForm. */
export function CourseFields({ fieldErrors, defaults }: CourseFieldsProps) {
  const currency = defaults?.currency ?? "USD";
  return (
    <>
      <TextField
        label="Title"
        name="title"
        required
        minLength={3}
        maxLength={120}
        defaultValue={defaults?.title}
        error={fieldErrors.title}
      />
      <TextField
        label="Subtitle"
        name="subtitle"
        maxLength={200}
        defaultValue={defaults?.subtitle ?? ""}
        error={fieldErrors.subtitle}
      />
      <TextAreaField
        label="Description"
        name="description"
        required
        rows={8}
        maxLength={20000}
        defaultValue={defaults?.description}
        error={fieldErrors.description}
      />
      <div className="field-row">
        <TextField
          label="Price"
          name="priceCents"
          inputMode="decimal"
          required
          defaultValue={defaults ? minorToPriceText(defaults.priceCents, currency) : "0"}
          hint="0 makes the course free."
          error={fieldErrors.priceCents}
        />
        <SelectField
          label="Currency"
          name="currency"
          options={CURRENCY_OPTIONS}
          defaultValue={currency}
          error={fieldErrors.currency}
        />
      </div>
      <TextField
        label="Tags"
        name="tags"
        defaultValue={defaults?.tags.join(", ")}
        hint="Separated by commas, e.g. python, data"
        error={fieldErrors.tags}
      />
      <TextField
        label="Address (slug)"
        name="slug"
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        defaultValue={defaults?.slug}
        hint="Lowercase words joined by hyphens. Made from the title when empty."
        error={fieldErrors.slug}
      />
    </>
  );
}

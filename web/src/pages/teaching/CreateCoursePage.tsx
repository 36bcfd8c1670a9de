import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { fieldErrorsOf, type FieldErrors } from "../../apollo/apiErrors";
import { Form } from "../../components/forms/Form";
import { SelectField } from "../../components/forms/SelectField";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { TextField } from "../../components/forms/TextField";
import { optionalTextOf, textOf } from "../../components/forms/formValues";
import { parsePriceToMinor } from "../../format/price";
import { CreateCourseDocument } from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";

const CURRENCY_OPTIONS = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY"].map((code) => ({
  value: code,
  label: code,
}));

const NO_ERRORS: FieldErrors = {};

function tagsOf(text: string): string[] {
  return [...new Set(text.split(",").map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

export default function CreateCoursePage() {
  usePageTitle("New course");
  const navigate = useNavigate();
  const [createCourse, { loading, error }] = useMutation(CreateCourseDocument, {
    errorPolicy: "all",
  });
  const [localErrors, setLocalErrors] = useState<FieldErrors>(NO_ERRORS);
  const fieldErrors = { ...fieldErrorsOf(error), ...localErrors };

  const handleSubmit = async (data: FormData) => {
    const currency = textOf(data, "currency");
    const priceCents = parsePriceToMinor(textOf(data, "priceCents"), currency);
    if (priceCents === null) {
      setLocalErrors({ priceCents: "Enter a price such as 19.99, or 0 for a free course." });
      return;
    }
    setLocalErrors(NO_ERRORS);
    const result = await createCourse({
      variables: {
        input: {
          title: textOf(data, "title"),
          subtitle: optionalTextOf(data, "subtitle"),
          description: textOf(data, "description"),
          priceCents,
          currency,
          tags: tagsOf(textOf(data, "tags")),
          slug: optionalTextOf(data, "slug") ?? undefined,
        },
      },
    });
    const course = result.data?.createCourse;
    if (course) void navigate(`/courses/${encodeURIComponent(course.slug)}`);
  };

  return (
    <section className="page page-narrow">
      <h1>New course</h1>
      <p>Start with the essentials; you can add sections and videos once the course exists.</p>
      <Form label="New course" onSubmit={handleSubmit} error={error} invalidFields={fieldErrors}>
        <TextField label="Title" name="title" required maxLength={120} error={fieldErrors.title} />
        <TextField label="Subtitle" name="subtitle" maxLength={200} error={fieldErrors.subtitle} />
        <TextAreaField
          label="Description"
          name="description"
          required
          rows={8}
          error={fieldErrors.description}
        />
        <div className="field-row">
          <TextField
            label="Price"
            name="priceCents"
            inputMode="decimal"
            required
            defaultValue="0"
            hint="0 makes the course free."
            error={fieldErrors.priceCents}
          />
          <SelectField
            label="Currency"
            name="currency"
            options={CURRENCY_OPTIONS}
            defaultValue="USD"
            error={fieldErrors.currency}
          />
        </div>
        <TextField
          label="Tags"
          name="tags"
          hint="Separated by commas, e.g. python, data"
          error={fieldErrors.tags}
        />
        <TextField
          label="Address (slug)"
          name="slug"
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          hint="Optional: lowercase words joined by hyphens. Made from the title when empty."
          error={fieldErrors.slug}
        />
        <SubmitButton busy={loading} busyLabel="Creating…">
          Create course
        </SubmitButton>
      </Form>
    </section>
  );
}

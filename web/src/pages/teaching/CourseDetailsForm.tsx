import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { NO_FIELD_ERRORS, fieldErrorsOf, type FieldErrors } from "../../apollo/apiErrors";
import { useUnsavedChanges } from "../../app/UnsavedChanges";
import { Form } from "../../components/forms/Form";
import { optionalTextOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextField } from "../../components/forms/TextField";
import { UpdateCourseDocument, type EditableCourseFragment } from "../../gql/graphql";
import { useFormChanges } from "../../hooks/useFormChanges";
import { CourseFields } from "./CourseFields";
import { readCourseForm } from "./courseForm";

export function CourseDetailsForm({ course }: { course: EditableCourseFragment }) {
  const [updateCourse, { loading, error }] = useMutation(UpdateCourseDocument, {
    errorPolicy: "all",
  });
  const [localErrors, setLocalErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [saved, setSaved] = useState(false);
  const changes = useFormChanges();
  useUnsavedChanges("the course details", changes.hasChanges);
  const fieldErrors = { ...fieldErrorsOf(error), ...localErrors };

  const handleSubmit = async (data: FormData) => {
    setSaved(false);
    const { values, errors } = readCourseForm(data);
    setLocalErrors(errors ?? NO_FIELD_ERRORS);
    if (!values) return;
    const result = await updateCourse({
      variables: {
        id: course.id,
        input: { ...values, thumbnailUrl: optionalTextOf(data, "thumbnailUrl") },
      },
    });
    setSaved(Boolean(result.data));
    if (result.data) changes.markSaved();
  };

  return (
    <section className="panel" aria-labelledby="course-details-heading" onChange={changes.onChange}>
      <h2 id="course-details-heading">Details</h2>
      <Form
        label="Course details"
        onSubmit={handleSubmit}
        error={error}
        invalidFields={fieldErrors}
      >
        <CourseFields fieldErrors={fieldErrors} defaults={course} />
        <TextField
          label="Thumbnail URL"
          name="thumbnailUrl"
          type="url"
          inputMode="url"
          defaultValue={course.thumbnailUrl ?? ""}
          hint="A 16:9 picture, starting with https://"
          error={fieldErrors.thumbnailUrl}
        />
        <div className="form-actions">
          <SubmitButton busy={loading} busyLabel="Saving…">
            Save details
          </SubmitButton>
          {saved && (
            <p className="form-success" role="status">
              Details saved.
            </p>
          )}
        </div>
      </Form>
    </section>
  );
}

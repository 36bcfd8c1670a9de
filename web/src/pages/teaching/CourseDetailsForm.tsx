import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { NO_FIELD_ERRORS, fieldErrorsOf, type FieldErrors } from "../../apollo/apiErrors";
import { useUnsavedChanges } from "../../app/UnsavedChanges";
import { Form } from "../../components/forms/Form";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { UpdateCourseDocument, type EditableCourseFragment } from "../../gql/graphql";
import { useFormChanges } from "../../hooks/useFormChanges";
import { CourseFields } from "./CourseFields";
import { readCourseForm } from "./courseForm";

export function CourseDetailsForm({ course }: { course: EditableCourseFragment }) {
  const [updateCourse, { loading, error }] = useMutation(UpdateCourseDocument, {
    errorPolicy: "all",
  });
  const [localErrors, setLocalErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const changes = useFormChanges();
  useUnsavedChanges("the course details", changes.hasChanges);
  const fieldErrors = { ...fieldErrorsOf(error), ...localErrors };

  const handleSubmit = async (data: FormData) => {
    const { values, errors } = readCourseForm(data);
    setLocalErrors(errors ?? NO_FIELD_ERRORS);
    if (!values) return;
    const result = await updateCourse({
      variables: {
        id: course.id,
        input: values,
      },
    });
    if (!result.data) return;
    changes.markSaved();
    toastSuccess("The course details are saved.");
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
        <SubmitButton busy={loading} busyLabel="Saving…">
          Save details
        </SubmitButton>
      </Form>
    </section>
  );
}

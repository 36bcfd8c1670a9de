import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { NO_FIELD_ERRORS, fieldErrorsOf, type FieldErrors } from "../../apollo/apiErrors";
import { courseEditorPath } from "../../app/paths";
import { useUnsavedChanges } from "../../app/UnsavedChanges";
import { Form } from "../../components/forms/Form";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { CreateCourseDocument } from "../../gql/graphql";
import { useFormChanges } from "../../hooks/useFormChanges";
import { usePageTitle } from "../../hooks/usePageTitle";
import { CourseFields } from "./CourseFields";
import { readCourseForm } from "./courseForm";

export default function CreateCoursePage() {
  usePageTitle("New course");
  const navigate = useNavigate();
  const [createCourse, { loading, error }] = useMutation(CreateCourseDocument, {
    errorPolicy: "all",
  });
  const [localErrors, setLocalErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const fieldErrors = { ...fieldErrorsOf(error), ...localErrors };
  const changes = useFormChanges();
  const unsaved = useUnsavedChanges("the new course", changes.hasChanges);

  const handleSubmit = async (data: FormData) => {
    const { values, errors } = readCourseForm(data);
    setLocalErrors(errors ?? NO_FIELD_ERRORS);
    if (!values) return;
    const result = await createCourse({ variables: { input: values } });
    const course = result.data?.createCourse;
    if (!course) return;
    unsaved.forget();
    toastSuccess(`“${values.title}” is created. Add its sections and videos next.`);
    void navigate(courseEditorPath(course.id));
  };

  return (
    <section className="page page-narrow" onChange={changes.onChange}>
      <h1>New course</h1>
      <p>Start with the essentials; you add sections and videos next.</p>
      <Form label="New course" onSubmit={handleSubmit} error={error} invalidFields={fieldErrors}>
        <CourseFields fieldErrors={fieldErrors} />
        <SubmitButton busy={loading} busyLabel="Creating…">
          Create course
        </SubmitButton>
      </Form>
    </section>
  );
}

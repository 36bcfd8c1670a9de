import { useMutation } from "@apollo/client/react";
import { fieldErrorsOf } from "../../apollo/apiErrors";
import { useUnsavedChanges } from "../../app/UnsavedChanges";
import { Form } from "../../components/forms/Form";
import { textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { TextField } from "../../components/forms/TextField";
import { ApplyToTeachDocument, MyInstructorApplicationDocument } from "../../gql/graphql";
import { useFormChanges } from "../../hooks/useFormChanges";

export function InstructorApplicationForm() {
  const [applyToTeach, { loading, error }] = useMutation(ApplyToTeachDocument, {
    errorPolicy: "all",
    update(cache, { data }) {
      if (!data) return;
      cache.writeQuery({
        query: MyInstructorApplicationDocument,
        data: { myInstructorApplication: data.applyToTeach },
      });
    },
  });
  const fieldErrors = fieldErrorsOf(error);
  const changes = useFormChanges();
  useUnsavedChanges("your application", changes.hasChanges);

  const handleSubmit = (data: FormData) =>
    void applyToTeach({
      variables: {
        input: { headline: textOf(data, "headline"), motivation: textOf(data, "motivation") },
      },
    });

  return (
    <div onChange={changes.onChange}>
      <Form label="Apply to teach" onSubmit={handleSubmit} error={error} invalidFields={fieldErrors}>
        <TextField
          label="Headline"
          name="headline"
          required
          maxLength={120}
          hint="Who you are in one line, e.g. “Data engineer, 10 years of Python”."
          error={fieldErrors.headline}
        />
        <TextAreaField
          label="What would you teach, and why?"
          name="motivation"
          required
          rows={6}
          maxLength={5000}
          error={fieldErrors.motivation}
        />
        <SubmitButton busy={loading} busyLabel="Sending…">
          Send application
        </SubmitButton>
      </Form>
    </div>
  );
}

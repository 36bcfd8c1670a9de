import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from "../../apollo/apiErrors";
import { CheckboxGroupField } from "../../components/forms/CheckboxGroupField";
import { Form } from "../../components/forms/Form";
import { optionalTextOf, textOf } from "../../components/forms/formValues";
import { SelectField } from "../../components/forms/SelectField";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextField } from "../../components/forms/TextField";
import { CreatePartnerWebhookEndpointDocument, PartnerCoursesDocument, PartnerWebhookEndpointsDocument } from "../../gql/graphql";
import { WEBHOOK_EVENT_TYPES } from "./partnerOptions";

const ALL_COURSES = "";

/** A new endpoint: where to send, which events, for one course or all the person teaches. */
export function WebhookEndpointForm({ onCreated }: { onCreated: (secret: string, url: string) => void }) {
  const courses = useQuery(PartnerCoursesDocument);
  const [createEndpoint, { loading, error, reset }] = useMutation(CreatePartnerWebhookEndpointDocument, {
    errorPolicy: "all",
    refetchQueries: [{ query: PartnerWebhookEndpointsDocument }],
    awaitRefetchQueries: true,
  });
  const [checked, setChecked] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [formKey, setFormKey] = useState(0);
  const fieldErrors = checked !== NO_FIELD_ERRORS ? checked : fieldErrorsOf(error);
  const courseOptions = [
    { value: ALL_COURSES, label: "Every course I teach" },
    ...(courses.data?.teachingCourses.nodes ?? []).map((course) => ({ value: course.id, label: course.title })),
  ];

  const handleSubmit = async (data: FormData) => {
    const url = textOf(data, "url");
    const eventTypes = data.getAll("eventTypes").map(String);
    const errors: Record<string, string> = {};
    if (!URL.canParse(url)) errors.url = "Must be a full address, such as https://example.com/webhooks.";
    if (eventTypes.length === 0) errors.eventTypes = "Choose at least one event.";
    if (Object.keys(errors).length > 0) return setChecked(errors);
    setChecked(NO_FIELD_ERRORS);
    const courseId = textOf(data, "courseId") || null;
    const result = await createEndpoint({ variables: { input: { url, eventTypes, courseId, description: optionalTextOf(data, "description") } } });
    const created = result.data?.createWebhookEndpoint;
    if (!created) return;
    reset();
    setFormKey((key) => key + 1);
    onCreated(created.secret, created.endpoint.url);
  };

  return (
    <Form key={formKey} label="New webhook endpoint" onSubmit={(data) => void handleSubmit(data)} error={checked === NO_FIELD_ERRORS ? error : undefined} invalidFields={fieldErrors}>
      <TextField label="URL" name="url" type="url" required inputMode="url" autoComplete="off" spellCheck={false} hint="https, at a public address." error={fieldErrors.url} />
      <TextField label="Description (optional)" name="description" maxLength={200} error={fieldErrors.description} />
      <SelectField label="Courses" name="courseId" options={courseOptions} defaultValue={ALL_COURSES} error={fieldErrors.courseId} />
      <CheckboxGroupField legend="Events" name="eventTypes" options={WEBHOOK_EVENT_TYPES} error={fieldErrors.eventTypes} />
      <SubmitButton busy={loading} busyLabel="Adding…">
        Add endpoint
      </SubmitButton>
    </Form>
  );
}

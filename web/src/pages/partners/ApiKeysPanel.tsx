import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from "../../apollo/apiErrors";
import { Badge } from "../../components/Badge";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CheckboxGroupField } from "../../components/forms/CheckboxGroupField";
import { Form } from "../../components/forms/Form";
import { textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextField } from "../../components/forms/TextField";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatDate } from "../../format/date";
import {
  CreatePartnerApiKeyDocument,
  PartnerApiKeysDocument,
  RevokePartnerApiKeyDocument,
  type PartnerApiKeyFragment,
} from "../../gql/graphql";
import { API_KEY_SCOPES } from "./partnerOptions";
import { SecretOnce } from "./SecretOnce";

function CreateApiKeyForm({ onCreated }: { onCreated: (secret: string, name: string) => void }) {
  const [createKey, { loading, error, reset }] = useMutation(CreatePartnerApiKeyDocument, {
    errorPolicy: "all",
    refetchQueries: [{ query: PartnerApiKeysDocument }],
    awaitRefetchQueries: true,
  });
  const [checked, setChecked] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [formKey, setFormKey] = useState(0);
  const fieldErrors = checked !== NO_FIELD_ERRORS ? checked : fieldErrorsOf(error);

  const handleSubmit = async (data: FormData) => {
    const name = textOf(data, "name");
    const scopes = data.getAll("scopes").map(String);
    const errors: Record<string, string> = {};
    if (!name) errors.name = "Give the key a name, such as the system that will use it.";
    if (scopes.length === 0) errors.scopes = "Choose at least one scope.";
    if (Object.keys(errors).length > 0) return setChecked(errors);
    setChecked(NO_FIELD_ERRORS);
    const result = await createKey({ variables: { name, scopes } });
    const created = result.data?.createApiKey;
    if (!created) return;
    reset();
    setFormKey((key) => key + 1);
    onCreated(created.secret, created.apiKey.name);
  };

  return (
    <Form key={formKey} label="New API key" onSubmit={(data) => void handleSubmit(data)} error={checked === NO_FIELD_ERRORS ? error : undefined} invalidFields={fieldErrors}>
      <TextField label="Name" name="name" required maxLength={100} autoComplete="off" hint="Where the key is used, to recognise it later." error={fieldErrors.name} />
      <CheckboxGroupField legend="Scopes" name="scopes" options={API_KEY_SCOPES} hint="The key may do only this, and only what you may do yourself." error={fieldErrors.scopes} />
      <SubmitButton busy={loading} busyLabel="Creating…">
        Create API key
      </SubmitButton>
    </Form>
  );
}

function ApiKeyRow({ apiKey, onRevoke }: { apiKey: PartnerApiKeyFragment; onRevoke: () => void }) {
  return (
    <li className="partner-row">
      <div>
        <p className="student-name">
          {apiKey.name} <code>{apiKey.prefix}…</code> {apiKey.revokedAt ? <Badge>Revoked</Badge> : <Badge tone="success">Active</Badge>}
        </p>
        <p className="muted">
          {apiKey.scopes.join(", ")}. Created on {formatDate(apiKey.createdAt)}
          {apiKey.lastUsedAt ? `, last used on ${formatDate(apiKey.lastUsedAt)}` : ", never used"}
          {apiKey.revokedAt ? `, revoked on ${formatDate(apiKey.revokedAt)}` : ""}.
        </p>
      </div>
      {!apiKey.revokedAt && (
        <button type="button" className="button button-danger-text button-small" onClick={onRevoke}>
          Revoke<span className="visually-hidden"> {apiKey.name}</span>
        </button>
      )}
    </li>
  );
}

/** The person's API keys: a new one (its secret shown once), and revoking one after asking. */
export function ApiKeysPanel() {
  const { data, loading, error, refetch } = useQuery(PartnerApiKeysDocument, { fetchPolicy: "cache-and-network" });
  const [revoke] = useMutation(RevokePartnerApiKeyDocument, { errorPolicy: "all" });
  const [confirming, setConfirming] = useState<PartnerApiKeyFragment | null>(null);
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  const keys = data?.apiKeys;

  const confirmRevocation = async () => {
    if (!confirming) return;
    const apiKey = confirming;
    setConfirming(null);
    const result = await revoke({ variables: { id: apiKey.id } });
    if (result.data?.revokeApiKey) toastSuccess(`The key ${apiKey.name} is revoked: requests made with it are refused from now on.`);
  };

  return (
    <section className="panel" aria-labelledby="api-keys-heading">
      <h2 id="api-keys-heading">API keys</h2>
      <p className="muted">A key acts as you, within its scopes. Send it as <code>Authorization: Bearer &lt;key&gt;</code>.</p>
      {created && (
        <SecretOnce title={`The key ${created.name}`} secret={created.secret} onDone={() => setCreated(null)}>
          Copy the key now: it is shown this once, and only a hash of it is kept.
        </SecretOnce>
      )}
      {error && !keys ? (
        <ErrorState error={error} title="The API keys could not be loaded" onRetry={() => void refetch()} />
      ) : loading && !keys ? (
        <LoadingState label="Loading the API keys…" />
      ) : !keys || keys.length === 0 ? (
        <p className="muted">You have no API keys yet. Create one below.</p>
      ) : (
        <ul className="student-list">
          {keys.map((apiKey) => (
            <ApiKeyRow key={apiKey.id} apiKey={apiKey} onRevoke={() => setConfirming(apiKey)} />
          ))}
        </ul>
      )}
      <h3 className="list-form-heading">New API key</h3>
      <CreateApiKeyForm onCreated={(secret, name) => setCreated({ secret, name })} />
      <ConfirmDialog
        isOpen={confirming !== null}
        title={`Revoke the key ${confirming?.name ?? ""}?`}
        confirmLabel="Revoke key"
        cancelLabel="Keep it"
        destructive
        onConfirm={() => void confirmRevocation()}
        onCancel={() => setConfirming(null)}
      >
        Every request made with it is refused from then on, including those of systems still using it. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}

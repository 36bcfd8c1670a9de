import { TextField } from "./TextField";

/** The account forms' email field: same name, type and autofill hint everywhere. */
export function EmailField({ error }: { error?: string }) {
  return <TextField label="Email" name="email" type="email" autoComplete="email" required error={error} />;
}

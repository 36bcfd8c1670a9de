import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Dialog, Heading, Modal, ModalOverlay } from "react-aria-components";
import { useNavigate } from "react-router";
import { errorMessageOf } from "../../apollo/apiErrors";
import { enterSupportView } from "../../auth/session";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { CONTROL_CHARACTERS, z } from "../../components/forms/zod";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { StartSupportViewDocument } from "../../gql/graphql";

/** As the API checks it. */
const REASON_MAX = 500;

const supportViewSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, "Say why you need to see their account: they will read it.")
    .max(REASON_MAX, `Write at most ${REASON_MAX} characters.`)
    .refine((text) => !CONTROL_CHARACTERS.test(text), "Remove the control characters from the text."),
});
type SupportViewValues = z.infer<typeof supportViewSchema>;

interface SupportViewDialogProps {
  userId: string;
  userName: string;
  onClose: () => void;
}

/**
 * Starts a read-only support view of an account in this tab, with the reason its owner will read
 * in their account's support log. Closed only by its buttons, so a reason being typed is not lost.
 */
export function SupportViewDialog({ userId, userName, onClose }: SupportViewDialogProps) {
  const navigate = useNavigate();
  const [apiError, setApiError] = useState<string | null>(null);
  const [start, { loading }] = useMutation(StartSupportViewDocument);
  const form = useForm<SupportViewValues>({ resolver: zodResolver(supportViewSchema), defaultValues: { reason: "" } });

  const submit = form.handleSubmit(async ({ reason }) => {
    setApiError(null);
    try {
      const result = await start({ variables: { input: { userId, reason } } });
      const access = result.data?.startSupportView;
      if (!access) return;
      enterSupportView({
        id: access.supportView.id,
        accessToken: access.accessToken,
        expiresAt: Date.parse(access.supportView.expiresAt),
        user: access.supportView.user,
      });
      toastSuccess(`You now see the site as ${userName}, read-only. Nothing you do here changes their account.`);
      void navigate("/");
    } catch (caught) {
      setApiError(`The support view could not start. ${errorMessageOf(caught)}`);
    }
  });

  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable={false} isKeyboardDismissDisabled>
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title" className="dialog-title">
            See the site as {userName}
          </Heading>
          <div className="dialog-body">
            <p>
              This tab will show what {userName} sees, read-only, for up to 30 minutes. {userName} can read in their account
              that you looked, when, and why.
            </p>
            <form className="form" aria-label={`Support view of ${userName}`} onSubmit={(event) => void submit(event)} noValidate>
              <TextAreaField
                label="Why do you need to see it?"
                rows={3}
                maxLength={REASON_MAX}
                hint={`${userName} reads this.`}
                error={form.formState.errors.reason?.message}
                {...form.register("reason")}
              />
              {apiError && (
                <p className="alert alert-error" role="alert">
                  {apiError}
                </p>
              )}
              <div className="dialog-actions">
                <button type="button" className="button button-secondary" onClick={onClose} disabled={loading}>
                  Cancel
                </button>
                <SubmitButton busy={loading} busyLabel="Starting…">
                  Start support view
                </SubmitButton>
              </div>
            </form>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

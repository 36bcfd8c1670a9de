import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Dialog, Heading, Modal, ModalOverlay } from "react-aria-components";
import { errorReasonOf, fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from "../../apollo/apiErrors";
import { useUnsavedChanges } from "../../app/UnsavedChanges";
import { Form } from "../../components/forms/Form";
import { optionalTextOf, textOf } from "../../components/forms/formValues";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { TextField } from "../../components/forms/TextField";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { formatPrice, minorToPriceText, parsePriceToMinor } from "../../format/price";
import { RefundPaymentDocument, type CoursePaymentFragment } from "../../gql/graphql";
import { useFormChanges } from "../../hooks/useFormChanges";
import { refundableCents } from "../billing/paymentStatus";

const MAX_REASON_LENGTH = 500;

interface RefundDialogProps {
  payment: CoursePaymentFragment;
  onClose: () => void;
}

/**
 * Refunds a payment in part or in full: the amount (what is left, unless changed) and an optional
 * reason. The whole of what is left ends the learner's access; less keeps it. Closed only by its
 * buttons, so a reason being typed is not lost to a stray click; leaving the page with one asks.
 */
export function RefundDialog({ payment, onClose }: RefundDialogProps) {
  const [refund, { loading, error }] = useMutation(RefundPaymentDocument, { errorPolicy: "all" });
  const [checked, setChecked] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const changes = useFormChanges();
  const { forget } = useUnsavedChanges("the refund", changes.hasChanges);
  const left = refundableCents(payment);
  const price = (cents: number) => formatPrice(cents, payment.currency);
  const learner = payment.user.profile.displayName;

  // The API's fields are amountCents (in cents) and reason: say it in this form's words.
  const apiFields = fieldErrorsOf(error);
  const fieldErrors: FieldErrors =
    checked !== NO_FIELD_ERRORS
      ? checked
      : {
          ...(apiFields.amountCents && {
            amount:
              errorReasonOf(error) === "REFUND_EXCEEDS_PAYMENT"
                ? "Is more than what is left of the payment; someone may have refunded part of it meanwhile. Close this and look again."
                : "Must be more than zero.",
          }),
          ...(apiFields.reason && { reason: apiFields.reason }),
        };
  const formError = error && checked === NO_FIELD_ERRORS ? error : undefined;

  const handleSubmit = async (data: FormData) => {
    const amountCents = parsePriceToMinor(textOf(data, "amount"), payment.currency);
    const problems: Record<string, string> = {};
    if (amountCents === null || amountCents <= 0) problems.amount = "Enter an amount such as 10.00, more than zero.";
    else if (amountCents > left) problems.amount = `Must be at most ${price(left)}, what is left of the payment.`;
    setChecked(Object.keys(problems).length > 0 ? problems : NO_FIELD_ERRORS);
    if (amountCents === null || Object.keys(problems).length > 0) return;
    const result = await refund({
      variables: { paymentId: payment.id, amountCents, reason: optionalTextOf(data, "reason") },
    });
    const refunded = result.data?.refundPayment;
    if (!refunded) return;
    forget();
    toastSuccess(
      refunded.status === "REFUNDED"
        ? `Refunded ${price(amountCents)} to ${learner}. The payment is refunded in full, so their access to the course ended.`
        : `Refunded ${price(amountCents)} to ${learner}. They keep their access to the course.`,
    );
    onClose();
  };

  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable={false} isKeyboardDismissDisabled>
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title" className="dialog-title">
            Refund {learner}
          </Heading>
          <div className="dialog-body" onChange={changes.onChange}>
            <p>
              They paid {price(payment.amountCents)}
              {payment.refundedCents > 0 ? `, of which ${price(payment.refundedCents)} was refunded already` : ""}. Up to{" "}
              {price(left)} is left to refund.
            </p>
            <Form label={`Refund ${learner}`} onSubmit={(data) => void handleSubmit(data)} error={formError} invalidFields={fieldErrors}>
              <TextField
                label={`Amount (${payment.currency})`}
                name="amount"
                inputMode="decimal"
                defaultValue={minorToPriceText(left, payment.currency)}
                required
                hint={`Refunding ${price(left)} ends their access to the course; less keeps it.`}
                error={fieldErrors.amount}
              />
              <TextAreaField
                label="Reason (optional)"
                name="reason"
                rows={3}
                maxLength={MAX_REASON_LENGTH}
                hint="Kept with the payment, for you and the administrators."
                error={fieldErrors.reason}
              />
              <div className="dialog-actions">
                <button type="button" className="button button-secondary" onClick={onClose} disabled={loading}>
                  Cancel
                </button>
                <SubmitButton busy={loading} busyLabel="Refunding…" variant="danger">
                  Refund
                </SubmitButton>
              </div>
            </Form>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

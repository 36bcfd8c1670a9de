import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { fieldErrorsOf, NO_FIELD_ERRORS, type FieldErrors } from "../../apollo/apiErrors";
import { useUnsavedChanges } from "../../app/UnsavedChanges";
import { Form } from "../../components/forms/Form";
import { textOf } from "../../components/forms/formValues";
import { SelectField } from "../../components/forms/SelectField";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextField } from "../../components/forms/TextField";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { parsePriceToMinor } from "../../format/price";
import { CourseCouponsDocument, CreateCouponDocument, type CreateCouponInput } from "../../gql/graphql";
import { useFormChanges } from "../../hooks/useFormChanges";

const CODE_FORMAT = /^[A-Za-z0-9_-]{3,32}$/;
const KIND_OPTIONS = [
  { value: "percent", label: "A percentage off" },
  { value: "amount", label: "An amount off" },
] as const;

/** The last moment of the chosen day, where the person is: a coupon "until 31 May" works all that day. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59.999`).toISOString();
}

function readCoupon(data: FormData, courseId: string, currency: string): { input: CreateCouponInput } | { errors: FieldErrors } {
  const errors: Record<string, string> = {};
  const code = textOf(data, "code");
  if (!CODE_FORMAT.test(code)) errors.code = "Must be 3 to 32 letters, digits, - or _.";
  const discount = textOf(data, "discount");
  const input: CreateCouponInput = { courseId, code };
  if (textOf(data, "kind") === "percent") {
    const percent = Number(discount);
    if (!Number.isInteger(percent) || percent < 1 || percent > 100) errors.discount = "Must be a whole number from 1 to 100.";
    else input.percentOff = percent;
  } else {
    const cents = parsePriceToMinor(discount, currency);
    if (cents === null || cents < 1) errors.discount = "Must be an amount such as 5.00, more than zero.";
    else input.amountOffCents = cents;
  }
  const expires = textOf(data, "expiresAt");
  if (expires) {
    if (new Date(endOfDay(expires)) <= new Date()) errors.expiresAt = "Must be today or later.";
    else input.expiresAt = endOfDay(expires);
  }
  const uses = textOf(data, "maxRedemptions");
  if (uses) {
    const count = Number(uses);
    if (!Number.isInteger(count) || count < 1) errors.maxRedemptions = "Must be a whole number, at least 1.";
    else input.maxRedemptions = count;
  }
  return Object.keys(errors).length > 0 ? { errors } : { input };
}

/** A new coupon for the course: its code, percent or amount off, and optionally an expiry and a number of uses. */
export function CouponForm({ courseId, currency }: { courseId: string; currency: string }) {
  const [createCoupon, { loading, error, reset }] = useMutation(CreateCouponDocument, {
    errorPolicy: "all",
    refetchQueries: [{ query: CourseCouponsDocument, variables: { courseId } }],
    awaitRefetchQueries: true,
  });
  const [checked, setChecked] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const [kind, setKind] = useState<string>("percent");
  // A new key after saving gives an empty form.
  const [formKey, setFormKey] = useState(0);
  const changes = useFormChanges();
  useUnsavedChanges("the new coupon", changes.hasChanges);

  // The API names the discount percentOff or amountOffCents; this form has one field for either.
  const apiFields = fieldErrorsOf(error);
  const apiDiscount = apiFields.percentOff ?? apiFields.amountOffCents;
  const fieldErrors: FieldErrors =
    checked !== NO_FIELD_ERRORS ? checked : { ...apiFields, ...(apiDiscount && { discount: apiDiscount }) };

  const handleSubmit = async (data: FormData) => {
    const read = readCoupon(data, courseId, currency);
    if ("errors" in read) {
      setChecked(read.errors);
      return;
    }
    setChecked(NO_FIELD_ERRORS);
    const result = await createCoupon({ variables: { input: read.input } });
    const created = result.data?.createCoupon;
    if (!created) return;
    changes.markSaved();
    reset();
    setKind("percent");
    setFormKey((key) => key + 1);
    toastSuccess(`The coupon ${created.code} is ready: learners can type it when they buy the course.`);
  };

  return (
    <div onChange={changes.onChange} key={formKey}>
      <Form
        label="New coupon"
        onSubmit={(data) => void handleSubmit(data)}
        error={checked === NO_FIELD_ERRORS ? error : undefined}
        invalidFields={fieldErrors}
      >
        <TextField
          label="Code"
          name="code"
          required
          maxLength={32}
          autoComplete="off"
          spellCheck={false}
          hint="3 to 32 letters, digits, - or _. Learners may type it in any case."
          error={fieldErrors.code}
        />
        <div className="field-row coupon-discount-row">
          <SelectField
            label="Discount"
            name="kind"
            options={KIND_OPTIONS}
            defaultValue="percent"
            onChange={(event) => setKind(event.target.value)}
          />
          <TextField
            label={kind === "percent" ? "Percent off" : `Amount off (${currency})`}
            name="discount"
            inputMode={kind === "percent" ? "numeric" : "decimal"}
            required
            error={fieldErrors.discount}
          />
        </div>
        <div className="field-row coupon-limits-row">
          <TextField label="Expires after (optional)" name="expiresAt" type="date" error={fieldErrors.expiresAt} />
          <TextField
            label="Uses (optional)"
            name="maxRedemptions"
            inputMode="numeric"
            hint="How many checkouts may use it."
            error={fieldErrors.maxRedemptions}
          />
        </div>
        <SubmitButton busy={loading} busyLabel="Creating…">
          Create coupon
        </SubmitButton>
      </Form>
    </div>
  );
}

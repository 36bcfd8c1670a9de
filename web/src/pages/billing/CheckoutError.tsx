import { errorCodeOf, errorMessageOf, errorReasonOf, fieldErrorsOf } from "../../apollo/apiErrors";
import { useSession } from "../../auth/useSession";
import { ResendVerificationButton } from "../account/ResendVerificationButton";

/** A coupon the API refused, in a sentence naming it: "The coupon “SPRING” has expired." */
export function couponRefusal(error: unknown, code: string): string | null {
  const message = fieldErrorsOf(error).couponCode;
  if (!message) return null;
  const clause = message.charAt(0).toLowerCase() + message.slice(1);
  return `The coupon “${code}” ${clause.replace(/[.!]$/, "")}.`;
}

/** Why a checkout did not start, as sentences; an address to verify comes with a way to get a new link. */
export function CheckoutError({ error, couponCode }: { error: unknown; couponCode: string | null }) {
  const { user } = useSession();
  if (!error) return null;
  const reason = errorReasonOf(error);
  if (reason === "EMAIL_NOT_VERIFIED") {
    return (
      <div className="alert alert-info" role="alert">
        <p>
          Verify your email address before buying: we sent a link to {user?.email ?? "your address"} when you
          signed up. Open it, then press Buy again.
        </p>
        <ResendVerificationButton email={user?.email ?? ""} label="Send a new link" />
      </div>
    );
  }
  const coupon = couponCode ? couponRefusal(error, couponCode) : null;
  const text =
    coupon ??
    (reason === "PAYMENT_PROVIDER_UNAVAILABLE"
      ? "The payment provider is not answering just now, and nothing was charged. Please try again in a minute."
      : errorCodeOf(error) === "CONFLICT"
        ? errorMessageOf(error)
        : `The checkout could not start. ${errorMessageOf(error)}`);
  return (
    <p className="alert alert-error" role="alert">
      {text}
    </p>
  );
}

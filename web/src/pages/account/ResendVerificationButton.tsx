import { useMutation } from "@apollo/client/react";
import { useId } from "react";
import { InlineError } from "../../components/InlineError";
import { toastSuccess } from "../../components/toasts/toastQueue";
import { ResendEmailVerificationDocument } from "../../gql/graphql";

interface ResendVerificationButtonProps {
  /** The signed-in person's address, where the link goes. */
  email: string;
  label?: string;
}

/** Mails the signed-in person a new verification link and says so; a refusal (too many) shows below. */
export function ResendVerificationButton({ email, label = "Send a verification link" }: ResendVerificationButtonProps) {
  const errorId = useId();
  const [resend, { loading, error }] = useMutation(ResendEmailVerificationDocument, { errorPolicy: "all" });

  const handleClick = async () => {
    const result = await resend();
    if (result.data?.resendEmailVerification) {
      toastSuccess(`We sent a new link to ${email}. Open it within 24 hours to verify your address.`);
    }
  };

  return (
    <div className="verification-action">
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => void handleClick()}
        disabled={loading}
        aria-busy={loading}
        aria-describedby={error ? errorId : undefined}
      >
        {loading ? "Sending…" : label}
      </button>
      <InlineError error={error} id={errorId} />
    </div>
  );
}

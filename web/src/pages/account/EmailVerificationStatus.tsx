import { Badge } from "../../components/Badge";
import { ResendVerificationButton } from "./ResendVerificationButton";

/** Whether the signed-in person's address is verified; if not, a way to get the link again. */
export function EmailVerificationStatus({ email, verified }: { email: string; verified: boolean }) {
  if (verified) return <Badge tone="success">Verified</Badge>;
  return (
    <>
      <Badge tone="warning">Not verified</Badge>
      <ResendVerificationButton email={email} />
    </>
  );
}

import { useMutation } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { StartCheckoutDocument } from "../../gql/graphql";
import { purchasePath } from "../../app/paths";

/**
 * Starts (or, the API answering the open one again, resumes) the viewer's checkout of a course and
 * leaves for its payment page: the local provider's page on the API or Stripe's. A checkout the
 * coupon paid in full has no page: the return page shows it.
 */
export function useStartCheckout() {
  const navigate = useNavigate();
  const [start, { loading }] = useMutation(StartCheckoutDocument);
  const [error, setError] = useState<unknown>(null);
  // From the answer until the browser has left: pressing again would only ask for the same payment.
  const [leaving, setLeaving] = useState(false);

  // Back from the payment page, the browser may show this page as it was left (bfcache).
  useEffect(() => {
    const reset = (event: PageTransitionEvent) => {
      if (event.persisted) setLeaving(false);
    };
    window.addEventListener("pageshow", reset);
    return () => window.removeEventListener("pageshow", reset);
  }, []);

  const startCheckout = async (courseId: string, couponCode: string | null): Promise<boolean> => {
    setError(null);
    try {
      const { data } = await start({ variables: { courseId, couponCode } });
      const session = data!.startCheckout;
      if (session.checkoutUrl) {
        setLeaving(true);
        window.location.assign(session.checkoutUrl);
      } else {
        void navigate(purchasePath(session.payment.id));
      }
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };

  return { startCheckout, busy: loading || leaving, error, clearError: () => setError(null) };
}

import {
  Button,
  Text,
  UNSTABLE_Toast as Toast,
  UNSTABLE_ToastContent as ToastContent,
  UNSTABLE_ToastRegion as ToastRegionOfReactAria,
} from "react-aria-components";
import { toastQueue } from "./toastQueue";
import "./toasts.css";

/** The landmark ("Notifications") where toasts appear; rendered once, beside the router. */
export function ToastRegion() {
  return (
    <ToastRegionOfReactAria queue={toastQueue} className="toast-region">
      {({ toast }) => (
        <Toast toast={toast} className="toast">
          <ToastContent className="toast-content">
            <Text slot="title">{toast.content}</Text>
          </ToastContent>
          <Button slot="close" className="toast-close" aria-label="Dismiss">
            ×
          </Button>
        </Toast>
      )}
    </ToastRegionOfReactAria>
  );
}

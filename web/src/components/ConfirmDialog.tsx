import type { ReactNode } from "react";
import { Button, Dialog, Heading, Modal, ModalOverlay } from "react-aria-components";

interface ConfirmDialogProps {
  isOpen: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  /** Destructive confirmations show their button in the danger colour. */
  destructive?: boolean;
  onConfirm: () => void;
  /** Also on Escape and a click outside: leaving things as they are is the safe answer. */
  onCancel: () => void;
}

/** Asks before an action that loses or changes something: an alert dialog that starts on the safe button. */
export function ConfirmDialog({
  isOpen,
  title,
  children,
  confirmLabel,
  cancelLabel,
  destructive = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      isDismissable
      onOpenChange={(open) => {
        if (!open) onCancel();
      }}
    >
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog">
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          <div className="dialog-body">{children}</div>
          <div className="dialog-actions">
            <Button className="button button-secondary" autoFocus onPress={onCancel}>
              {cancelLabel}
            </Button>
            <Button className={`button ${destructive ? "button-danger" : "button-primary"}`} onPress={onConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

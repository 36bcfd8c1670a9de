import { Button, Dialog, Heading, Modal, ModalOverlay } from "react-aria-components";
import { Link } from "react-router";
import { MY_LEARNING_PATH } from "../../app/paths";
import { CourseCertificate } from "./CourseCertificate";

interface CompletionDialogProps {
  isOpen: boolean;
  courseId: string;
  courseTitle: string;
  onClose: () => void;
}

/** The congratulation when the learner completes the course, here or on another device. */
export function CompletionDialog({ isOpen, courseId, courseTitle, onClose }: CompletionDialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} isDismissable onOpenChange={(open) => !open && onClose()}>
      <Modal className="modal">
        <Dialog className="dialog completion-dialog">
          <Heading slot="title" className="dialog-title">
            Congratulations, you completed “{courseTitle}”!
          </Heading>
          <div className="dialog-body">
            <p>You finished everything the course asks of you. Well done.</p>
            <CourseCertificate courseId={courseId} courseTitle={courseTitle} />
          </div>
          <div className="dialog-actions">
            <Link to={MY_LEARNING_PATH} className="button button-secondary">
              Go to My learning
            </Link>
            <Button className="button button-primary" autoFocus onPress={onClose}>
              Close
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

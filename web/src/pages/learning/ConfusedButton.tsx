import { useState } from "react";
import { Button } from "react-aria-components";
import { formatClockDuration } from "../../format/duration";
import { trackEvent } from "../../learning/analyticsEvents";

interface ConfusedButtonProps {
  userId: string;
  courseId: string;
  /** The moment being watched: the video and where it is. */
  place: () => { videoId: string; positionSeconds?: number } | null;
}

/**
 * "I'm confused": marks the moment being watched for the course's instructors, who see where
 * learners get stuck on the video's timeline. The confirmation is a status the screen reader says.
 */
export function ConfusedButton({ userId, courseId, place }: ConfusedButtonProps) {
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const mark = () => {
    const moment = place();
    if (!moment) return;
    const positionSeconds = moment.positionSeconds ?? 0;
    trackEvent(userId, { type: "CONFUSED", courseId, videoId: moment.videoId, positionSeconds });
    setConfirmation(`Marked ${formatClockDuration(positionSeconds)} as confusing. Your instructor sees where learners get stuck.`);
  };
  return (
    <div className="confused-mark">
      <Button className="button button-secondary" onPress={mark}>
        I’m confused
      </Button>
      <p className="confused-mark-status muted" role="status">
        {confirmation}
      </p>
    </div>
  );
}

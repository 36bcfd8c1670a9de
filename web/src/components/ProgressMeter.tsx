import { Label, ProgressBar } from "react-aria-components";

interface ProgressMeterProps {
  label: string;
  /** 0 to 100. */
  percent: number;
  /** What the value means, in words: "2 of 5 videos completed". */
  valueText: string;
  /** Shows the label only to assistive technology, where the surroundings say it. */
  hideLabel?: boolean;
}

/** A learner's progress as a bar, with its value in words (React Aria's ProgressBar). */
export function ProgressMeter({ label, percent, valueText, hideLabel = false }: ProgressMeterProps) {
  return (
    <ProgressBar className="progress-meter" value={percent} valueLabel={valueText}>
      {({ percentage = 0, valueText: text }) => (
        <>
          <div className="progress-meter-text">
            <Label className={hideLabel ? "visually-hidden" : undefined}>{label}</Label>
            <span className="muted">{text}</span>
          </div>
          <div className="progress-meter-track">
            <div className="progress-meter-fill" style={{ width: `${percentage}%` }} />
          </div>
        </>
      )}
    </ProgressBar>
  );
}

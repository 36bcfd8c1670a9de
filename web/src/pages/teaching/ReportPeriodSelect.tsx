// The period a course's report is read over (tutor usage, analytics), chosen and refreshed the same way on every report.
import { useState } from "react";
import { SelectField } from "../../components/forms/SelectField";
import { periodStart, REPORT_PERIODS } from "./reportPeriods";

export interface ReportPeriod {
  days: number;
  /** The first UTC day's midnight, as the API's `from`. */
  from: string;
}

/** The chosen period (the last 30 days at first), a new choice, and a refresh that moves it on when the UTC day has changed. */
export function useReportPeriod() {
  const [period, setPeriod] = useState<ReportPeriod>(() => ({ days: 30, from: periodStart(30) }));
  return {
    period,
    choose: (days: number) => setPeriod({ days, from: periodStart(days) }),
    // Within the same UTC day the period's start is the same: only a new day needs new variables.
    refresh: (refetch: () => unknown) => {
      const from = periodStart(period.days);
      if (from === period.from) void refetch();
      else setPeriod({ days: period.days, from });
    },
  };
}

export function ReportPeriodSelect({ days, onChoose }: { days: number; onChoose: (days: number) => void }) {
  return (
    <div className="toolbar">
      <SelectField label="Period" options={REPORT_PERIODS} value={String(days)} onChange={(event) => onChoose(Number(event.target.value))} />
    </div>
  );
}

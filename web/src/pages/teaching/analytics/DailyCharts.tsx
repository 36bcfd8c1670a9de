import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPrice } from "../../../format/price";
import type { CourseAnalyticsQuery } from "../../../gql/graphql";
import { formatShortUtcDay, formatUtcDay } from "../reportPeriods";
import { formatWatchTime, numberFormat, SERIES_COLOURS } from "./analyticsFormat";

type Daily = CourseAnalyticsQuery["courseAnalytics"]["daily"];

const CHART_HEIGHT = 220;

function peakSentence(daily: Daily, label: string, value: (day: Daily[number]) => number, format: (value: number) => string): string {
  const peak = daily.reduce((best, day) => (value(day) > value(best) ? day : best), daily[0]);
  return `${label}: at most ${format(value(peak))}, on ${formatUtcDay(peak.date)}.`;
}

/**
 * The course's days as charts (learners, watch time, revenue when there is any); the table below
 * them holds the same figures for screen readers and precise reading.
 */
export function DailyCharts({ daily, currency }: { daily: Daily; currency: string }) {
  const rows = daily.map((day) => ({ ...day, watchMinutes: Math.round(day.watchTimeSeconds / 6) / 10 }));
  const earned = daily.some((day) => day.revenueCents !== 0);
  const range = `from ${formatUtcDay(daily[0].date)} to ${formatUtcDay(daily.at(-1)!.date)}`;
  return (
    <>
      <div className="analytics-charts">
        <figure className="analytics-chart">
          <figcaption>Learners per day (UTC)</figcaption>
          <p className="visually-hidden">
            {`Learners per day ${range}. `}
            {peakSentence(daily, "Active learners", (day) => day.activeLearners, (count) => numberFormat.format(count))}{" "}
            {peakSentence(daily, "Enrollments", (day) => day.enrollments, (count) => numberFormat.format(count))}
          </p>
          <div aria-hidden="true">
            <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
              <LineChart data={rows} margin={{ top: 8, right: 16, left: 0, bottom: 0 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="date" tickFormatter={formatShortUtcDay} minTickGap={24} />
                <YAxis allowDecimals={false} width={40} />
                <Tooltip labelFormatter={(date) => formatUtcDay(String(date))} />
                <Legend />
                <Line type="linear" dataKey="activeLearners" name="Active learners" stroke={SERIES_COLOURS.blue} strokeWidth={2} dot={false} isAnimationActive={false} />
                <Line type="linear" dataKey="enrollments" name="Enrollments" stroke={SERIES_COLOURS.vermillion} strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
                <Line type="linear" dataKey="completions" name="Completions" stroke={SERIES_COLOURS.green} strokeWidth={2} strokeDasharray="2 3" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </figure>
        <figure className="analytics-chart">
          <figcaption>Watch time per day, in minutes (UTC)</figcaption>
          <p className="visually-hidden">
            {`Watch time per day ${range}. `}
            {peakSentence(daily, "Watch time", (day) => day.watchTimeSeconds, formatWatchTime)}
          </p>
          <div aria-hidden="true">
            <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
              <BarChart data={rows} margin={{ top: 8, right: 16, left: 0, bottom: 0 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="date" tickFormatter={formatShortUtcDay} minTickGap={24} />
                <YAxis width={40} />
                <Tooltip labelFormatter={(date) => formatUtcDay(String(date))} />
                <Bar dataKey="watchMinutes" name="Minutes watched" fill={SERIES_COLOURS.blue} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
        {earned && (
          <figure className="analytics-chart">
            <figcaption>Revenue per day, net of refunds (UTC)</figcaption>
            <p className="visually-hidden">
              {`Revenue per day ${range}. `}
              {peakSentence(daily, "Revenue", (day) => day.revenueCents, (cents) => formatPrice(cents, currency))}
            </p>
            <div aria-hidden="true">
              <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
                <BarChart data={rows} margin={{ top: 8, right: 16, left: 0, bottom: 0 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="date" tickFormatter={formatShortUtcDay} minTickGap={24} />
                  <YAxis width={56} tickFormatter={(cents: number) => formatPrice(cents, currency)} />
                  <Tooltip labelFormatter={(date) => formatUtcDay(String(date))} formatter={(cents) => formatPrice(Number(cents), currency)} />
                  <Bar dataKey="revenueCents" name="Revenue" fill={SERIES_COLOURS.green} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </figure>
        )}
      </div>
      <details className="analytics-days">
        <summary>Days with activity, as a table</summary>
        <div className="table-scroll">
          <table className="data-table data-table-cards">
            <caption className="visually-hidden">The course per day, the latest first</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Active learners</th>
                <th scope="col">Enrollments</th>
                <th scope="col">Completions</th>
                <th scope="col">Watch time</th>
                <th scope="col">Revenue</th>
              </tr>
            </thead>
            <tbody>
              {daily
                .filter((day) => day.activeLearners + day.enrollments + day.completions + day.watchTimeSeconds + Math.abs(day.revenueCents) > 0)
                .reverse()
                .map((day) => (
                  <tr key={day.date}>
                    <th scope="row">{formatUtcDay(day.date)}</th>
                    <td data-label="Active learners">{numberFormat.format(day.activeLearners)}</td>
                    <td data-label="Enrollments">{numberFormat.format(day.enrollments)}</td>
                    <td data-label="Completions">{numberFormat.format(day.completions)}</td>
                    <td data-label="Watch time">{formatWatchTime(day.watchTimeSeconds)}</td>
                    <td data-label="Revenue">{formatPrice(day.revenueCents, currency)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

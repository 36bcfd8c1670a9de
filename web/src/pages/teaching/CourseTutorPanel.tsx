import { useQuery } from "@apollo/client/react";
import { useId } from "react";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { formatCount } from "../../format/count";
import { formatPrice } from "../../format/price";
import { CourseTutorUsageDocument, type CourseTutorUsageQuery } from "../../gql/graphql";
import { ReportPeriodSelect, useReportPeriod } from "./ReportPeriodSelect";
import { formatShortUtcDay, formatUtcDay, periodLabel } from "./reportPeriods";
import "./courseTutor.css";

type Usage = CourseTutorUsageQuery["courseTutorUsage"];

const numberFormat = new Intl.NumberFormat();

/** A price per 1,000 tokens in major units, with the digits it was configured with (0.00015 stays 0.00015). */
function formatRate(amount: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: "currency", currency, maximumFractionDigits: 6 }).format(amount);
}

/** The estimate, or "less than" the currency's smallest amount when model tokens cost a fraction of it. */
function costText(cents: number, currency: string, pricedTokens: number, priced: boolean): string {
  if (cents === 0 && pricedTokens > 0 && priced) return `less than ${formatPrice(1, currency)}`;
  return formatPrice(cents, currency);
}

function PricesSentence({ usage }: { usage: Usage }) {
  const { promptPer1kTokens, completionPer1kTokens } = usage.prices;
  if (promptPer1kTokens === 0 && completionPer1kTokens === 0) {
    return (
      <p className="muted">
        No token prices are configured on this platform, so model answers show no cost. Answers made of the course’s own
        excerpts never call a model and cost nothing.
      </p>
    );
  }
  return (
    <p className="muted">
      Costs are estimated at the prices configured for this platform: {formatRate(promptPer1kTokens, usage.currency)} per 1,000
      prompt tokens (what the model reads) and {formatRate(completionPer1kTokens, usage.currency)} per 1,000 completion tokens
      (what it writes). Answers made of the course’s own excerpts never call a model and cost nothing.
    </p>
  );
}

/** Questions per day as bars; the table below it holds the same figures for screen readers and precise reading. */
function DailyChart({ daily }: { daily: Usage["daily"] }) {
  const most = Math.max(...daily.map((day) => day.questions));
  const busiest = daily.find((day) => day.questions === most)!;
  const summary =
    `Questions per day from ${formatUtcDay(daily[0].date)} to ${formatUtcDay(daily.at(-1)!.date)}: ` +
    `at most ${formatCount(most, "question")}, on ${formatUtcDay(busiest.date)}.`;
  return (
    <figure className="course-tutor-chart">
      <figcaption>Questions per day (UTC)</figcaption>
      <div className="course-tutor-chart-plot">
        <span className="course-tutor-chart-scale" aria-hidden="true">
          {numberFormat.format(most)}
        </span>
        <div className={`course-tutor-chart-bars${daily.length > 60 ? " course-tutor-chart-bars-dense" : ""}`} role="img" aria-label={summary}>
          {daily.map((day) => (
            <span
              key={day.date}
              className="course-tutor-chart-bar"
              style={{ height: `${(day.questions / most) * 100}%` }}
              title={`${formatUtcDay(day.date)}: ${formatCount(day.questions, "question")}`}
            />
          ))}
        </div>
      </div>
      <div className="course-tutor-chart-axis" aria-hidden="true">
        <span>{formatShortUtcDay(daily[0].date)}</span>
        <span>{formatShortUtcDay(daily.at(-1)!.date)}</span>
      </div>
    </figure>
  );
}

function ModelTable({ usage, priced }: { usage: Usage; priced: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table data-table-cards">
        <caption className="visually-hidden">Answers by model</caption>
        <thead>
          <tr>
            <th scope="col">Answered by</th>
            <th scope="col">Questions</th>
            <th scope="col">Prompt tokens</th>
            <th scope="col">Completion tokens</th>
            <th scope="col">Estimated cost</th>
          </tr>
        </thead>
        <tbody>
          {usage.byModel.map((row) => (
            <tr key={row.model ?? "unnamed"}>
              <th scope="row">{row.excerpts ? "Course excerpts (no model)" : (row.model ?? "A model (name not recorded)")}</th>
              <td data-label="Questions">{numberFormat.format(row.questions)}</td>
              <td data-label="Prompt tokens">{numberFormat.format(row.promptTokens)}</td>
              <td data-label="Completion tokens">{numberFormat.format(row.completionTokens)}</td>
              <td data-label="Estimated cost">
                {row.excerpts
                  ? `${formatPrice(0, usage.currency)} (free)`
                  : costText(row.estimatedCostCents, usage.currency, row.promptTokens + row.completionTokens, priced)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DailyTable({ usage }: { usage: Usage }) {
  const askedDays = usage.daily.filter((day) => day.questions > 0).reverse();
  return (
    <details className="course-tutor-days">
      <summary>Days with questions, as a table</summary>
      <div className="table-scroll">
        <table className="data-table data-table-cards">
          <caption className="visually-hidden">Questions per day, the latest first</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Questions</th>
              <th scope="col">Learners</th>
              <th scope="col">Tokens</th>
              <th scope="col">Estimated cost</th>
            </tr>
          </thead>
          <tbody>
            {askedDays.map((day) => (
              <tr key={day.date}>
                <th scope="row">{formatUtcDay(day.date)}</th>
                <td data-label="Questions">{numberFormat.format(day.questions)}</td>
                <td data-label="Learners">{numberFormat.format(day.askers)}</td>
                <td data-label="Tokens">{numberFormat.format(day.promptTokens + day.completionTokens)}</td>
                <td data-label="Estimated cost">{formatPrice(day.estimatedCostCents, usage.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function UsageFigures({ usage }: { usage: Usage }) {
  const priced = usage.prices.promptPer1kTokens > 0 || usage.prices.completionPer1kTokens > 0;
  const modelTokens = usage.byModel.filter((row) => !row.excerpts).reduce((sum, row) => sum + row.promptTokens + row.completionTokens, 0);
  return (
    <>
      <dl className="course-tutor-figures">
        <div>
          <dt>Questions</dt>
          <dd>{numberFormat.format(usage.questions)}</dd>
        </div>
        <div>
          <dt>Learners who asked</dt>
          <dd>{numberFormat.format(usage.askers)}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            {numberFormat.format(usage.promptTokens + usage.completionTokens)}
            <span className="course-tutor-figure-detail">
              {numberFormat.format(usage.promptTokens)} prompt, {numberFormat.format(usage.completionTokens)} completion
            </span>
          </dd>
        </div>
        <div>
          <dt>Estimated cost</dt>
          <dd>
            {costText(usage.estimatedCostCents, usage.currency, modelTokens, priced)}
            <span className="course-tutor-figure-detail">in {usage.currency}</span>
          </dd>
        </div>
      </dl>
      <DailyChart daily={usage.daily} />
      <DailyTable usage={usage} />
      <h3 className="course-tutor-subheading">By model</h3>
      <ModelTable usage={usage} priced={priced} />
    </>
  );
}

/**
 * For the course's owner and admins: how much its learners used the tutor over a range of days,
 * and what the model's tokens cost at the platform's configured prices.
 */
export function CourseTutorPanel({ courseId }: { courseId: string }) {
  const headingId = useId();
  const { period: range, choose, refresh: refreshPeriod } = useReportPeriod();
  const { data, loading, error, refetch } = useQuery(CourseTutorUsageDocument, {
    variables: { courseId, from: range.from },
    fetchPolicy: "cache-and-network",
  });
  const usage = data?.courseTutorUsage;
  const rangeLabel = periodLabel(range.days);
  const refresh = () => refreshPeriod(refetch);

  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="editor-section-header">
        <h2 id={headingId}>Tutor</h2>
        <button type="button" className="button button-ghost button-small" onClick={refresh}>
          Refresh
        </button>
      </div>
      <ReportPeriodSelect days={range.days} onChoose={choose} />
      {error && !usage ? (
        <ErrorState error={error} title="The tutor's usage could not be loaded" onRetry={() => void refetch()} />
      ) : loading && !usage ? (
        <LoadingState label="Loading the tutor's usage…" />
      ) : !usage ? null : usage.questions === 0 ? (
        <>
          <p className="course-tutor-empty">
            No learner asked this course’s tutor in the {rangeLabel}. Their questions, the tokens they used and the estimated cost
            appear here once they do.
          </p>
          <PricesSentence usage={usage} />
        </>
      ) : (
        <>
          <PricesSentence usage={usage} />
          <UsageFigures usage={usage} />
        </>
      )}
    </section>
  );
}

import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Checkbox, CheckboxGroup, Label, Radio, RadioGroup } from "react-aria-components";
import { Link, useParams } from "react-router";
import { errorMessageOf } from "../../apollo/apiErrors";
import { learnPath } from "../../app/paths";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextField } from "../../components/forms/TextField";
import { EmptyState } from "../../components/states/EmptyState";
import { ErrorState } from "../../components/states/ErrorState";
import { LoadingState } from "../../components/states/LoadingState";
import { toastSuccess } from "../../components/toasts/toastQueue";
import {
  QuizToTakeDocument,
  StartQuizAttemptDocument,
  SubmitQuizAttemptDocument,
  type QuizAnswerInput,
  type QuizAttemptResultFragment,
  type TakenQuizFragment,
} from "../../gql/graphql";
import { usePageTitle } from "../../hooks/usePageTitle";
import { CourseCertificate } from "./CourseCertificate";
import { attemptsLeftText, scoreText } from "./quizStatus";

/** One answer per question, by question id: the picked choice ids, or the number as typed. */
type AnswerValues = Record<string, { choiceIds: string[]; number: string }>;

function QuizResult({ quiz, attempt }: { quiz: TakenQuizFragment; attempt: QuizAttemptResultFragment }) {
  const results = new Map((attempt.results ?? []).map((result) => [result.questionId, result]));
  return (
    <section aria-labelledby="quiz-result-heading" className="quiz-result">
      <h2 id="quiz-result-heading">Your result for attempt {attempt.number}</h2>
      <p className={attempt.passed ? "alert alert-success" : "alert alert-info"} role="status">
        {scoreText(attempt, quiz.passPercent)}
      </p>
      <ol className="quiz-result-questions">
        {(quiz.questions ?? []).map((question, index) => {
          const result = results.get(question.id);
          return (
            <li key={question.id} className={result?.correct ? "quiz-result-question right" : "quiz-result-question wrong"}>
              <h3>
                Question {index + 1}: {result?.correct ? "right" : "wrong"}
              </h3>
              <p className="prose">{question.prompt}</p>
              {result && result.chosenChoices.length === 0 && result.numericAnswer === null && <p>You left this question unanswered.</p>}
              {result?.numericAnswer !== null && result?.numericAnswer !== undefined && <p>You answered {result.numericAnswer}.</p>}
              {result && result.chosenChoices.length > 0 && (
                <ul>
                  {result.chosenChoices.map((choice) => (
                    <li key={choice.choiceId}>
                      You picked “{choice.text}”, which is {choice.correct ? "right" : "wrong"}.{choice.explanation ? ` ${choice.explanation}` : ""}
                    </li>
                  ))}
                </ul>
              )}
              {result?.explanation && <p className="quiz-explanation">{result.explanation}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function AttemptForm({ quiz, attempt }: { quiz: TakenQuizFragment; attempt: QuizAttemptResultFragment }) {
  const questions = quiz.questions ?? [];
  const [apiError, setApiError] = useState<string | null>(null);
  const [submitQuiz, submitting] = useMutation(SubmitQuizAttemptDocument);
  const form = useForm<AnswerValues>({
    defaultValues: Object.fromEntries(questions.map((question) => [question.id, { choiceIds: [], number: "" }])),
  });

  const submit = form.handleSubmit(async (values) => {
    setApiError(null);
    const numberProblem = questions.find((question) => question.kind === "NUMERIC" && values[question.id].number.trim() !== "" && !Number.isFinite(Number(values[question.id].number)));
    if (numberProblem) {
      setApiError(`Write your answer to question ${questions.indexOf(numberProblem) + 1} as a number, such as 42 or 0.5.`);
      return;
    }
    const answers = questions.flatMap((question): QuizAnswerInput[] => {
      const answer = values[question.id];
      if (question.kind === "NUMERIC") return answer.number.trim() === "" ? [] : [{ questionId: question.id, numericAnswer: Number(answer.number) }];
      return answer.choiceIds.length ? [{ questionId: question.id, choiceIds: answer.choiceIds }] : [];
    });
    try {
      const result = await submitQuiz({ variables: { input: { attemptId: attempt.id, answers } } });
      const submitted = result.data?.submitQuizAttempt;
      if (submitted) toastSuccess(submitted.passed ? "You passed the quiz." : "Your answers are submitted. See the explanations below.");
    } catch (caught) {
      setApiError(`Your answers could not be submitted. ${errorMessageOf(caught)}`);
    }
  });

  return (
    <form className="form quiz-attempt" aria-label={`Attempt ${attempt.number} at ${quiz.title}`} onSubmit={(event) => void submit(event)} noValidate>
      <p className="muted">
        Attempt {attempt.number}. Submit before {new Date(attempt.expiresAt).toLocaleTimeString()}; a question left unanswered counts as wrong.
      </p>
      <ol className="quiz-questions">
        {questions.map((question, index) => (
          <li key={question.id} className="quiz-question">
            {question.kind === "NUMERIC" ? (
              <TextField label={`${index + 1}. ${question.prompt}`} inputMode="decimal" {...form.register(`${question.id}.number`)} />
            ) : question.kind === "MULTIPLE_CHOICE" ? (
              <Controller
                control={form.control}
                name={`${question.id}.choiceIds`}
                render={({ field }) => (
                  <CheckboxGroup className="field quiz-options" value={field.value} onChange={field.onChange}>
                    <Label className="field-label">
                      {index + 1}. {question.prompt} <span className="muted">(pick every right answer)</span>
                    </Label>
                    {question.choices.map((choice) => (
                      <Checkbox key={choice.id} value={choice.id} className="quiz-option">
                        <span className="quiz-option-box" aria-hidden="true" />
                        {choice.text}
                      </Checkbox>
                    ))}
                  </CheckboxGroup>
                )}
              />
            ) : (
              <Controller
                control={form.control}
                name={`${question.id}.choiceIds`}
                render={({ field }) => (
                  <RadioGroup className="field quiz-options" value={field.value[0] ?? null} onChange={(value) => field.onChange([value])}>
                    <Label className="field-label">
                      {index + 1}. {question.prompt}
                    </Label>
                    {question.choices.map((choice) => (
                      <Radio key={choice.id} value={choice.id} className="quiz-option">
                        <span className="quiz-option-dot" aria-hidden="true" />
                        {choice.text}
                      </Radio>
                    ))}
                  </RadioGroup>
                )}
              />
            )}
          </li>
        ))}
      </ol>
      {apiError && (
        <p className="alert alert-error" role="alert">
          {apiError}
        </p>
      )}
      <div className="form-actions">
        <SubmitButton busy={submitting.loading} busyLabel="Submitting…">
          Submit your answers
        </SubmitButton>
      </div>
    </form>
  );
}

/** A quiz of a course the learner takes: its rules, the open attempt's form, the last result with its explanations, and a retake when allowed. */
export default function QuizPage() {
  const { courseId = "", quizId = "" } = useParams();
  const { data, loading, error, refetch } = useQuery(QuizToTakeDocument, { variables: { id: quizId } });
  const [startQuiz, starting] = useMutation(StartQuizAttemptDocument);
  const [startError, setStartError] = useState<string | null>(null);
  const quiz = data?.node?.__typename === "Quiz" ? data.node : null;
  usePageTitle(quiz ? `${quiz.title} · ${quiz.course.title}` : "Quiz");

  if (loading && !data) return <LoadingState label="Loading the quiz…" />;
  if (error) return <ErrorState error={error} title="The quiz could not be loaded" onRetry={() => void refetch()} />;
  if (!quiz || !quiz.questions) {
    return (
      <EmptyState title="This quiz is not available">
        <p>It may have been deleted, or you are not enrolled in its course.</p>
      </EmptyState>
    );
  }

  const open = quiz.viewerOpenAttempt;
  const lastSubmitted = [...quiz.viewerAttempts].reverse().find((attempt) => attempt.submittedAt !== null) ?? null;
  const mayStart = quiz.viewerAttemptsLeft === null || quiz.viewerAttemptsLeft === undefined || quiz.viewerAttemptsLeft > 0;
  const progress = quiz.course.viewerProgress;

  const start = async () => {
    setStartError(null);
    try {
      await startQuiz({ variables: { quizId: quiz.id } });
    } catch (caught) {
      setStartError(`The quiz could not be started. ${errorMessageOf(caught)}`);
    }
  };

  return (
    <section className="quiz-page" aria-labelledby="quiz-heading">
      <p>
        <Link to={learnPath(courseId)}>
          <span aria-hidden="true">←</span> Back to {quiz.course.title}
        </Link>
      </p>
      <h1 id="quiz-heading">{quiz.title}</h1>
      <p>
        {quiz.questions.length} question{quiz.questions.length === 1 ? "" : "s"}. You pass with {quiz.passPercent} % of them right.{" "}
        {attemptsLeftText(quiz)}
        {quiz.requiredForCompletion ? " You must pass it to complete the course." : ""}
      </p>
      {quiz.viewerPassed && <p className="alert alert-success">You passed this quiz.</p>}
      {progress?.completed && quiz.viewerPassed && (
        <div className="alert alert-success" role="status">
          <p>You completed the course “{quiz.course.title}”.</p>
          <CourseCertificate courseId={quiz.course.id} courseTitle={quiz.course.title} />
        </div>
      )}
      {open ? (
        <AttemptForm key={open.id} quiz={quiz} attempt={open} />
      ) : (
        <>
          {lastSubmitted && <QuizResult quiz={quiz} attempt={lastSubmitted} />}
          {mayStart ? (
            <button type="button" className="button button-primary" onClick={() => void start()} disabled={starting.loading} aria-busy={starting.loading}>
              {lastSubmitted ? "Retake the quiz" : "Start the quiz"}
            </button>
          ) : (
            <p className="alert alert-info">You have used all your attempts at this quiz.</p>
          )}
          {startError && (
            <p className="alert alert-error" role="alert">
              {startError}
            </p>
          )}
        </>
      )}
    </section>
  );
}

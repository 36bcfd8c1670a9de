import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useFieldArray, useForm, useWatch, type Control, type FieldErrors, type UseFormRegister } from "react-hook-form";
import { errorMessageOf, errorReasonOf, fieldErrorsOf } from "../../apollo/apiErrors";
import { SelectField } from "../../components/forms/SelectField";
import { SubmitButton } from "../../components/forms/SubmitButton";
import { TextAreaField } from "../../components/forms/TextAreaField";
import { TextField } from "../../components/forms/TextField";
import type { EditableQuizFragment, EditableVideoFragment, QuizQuestionKind } from "../../gql/graphql";
import {
  KIND_LABELS,
  newQuestion,
  quizErrorSentence,
  quizSchema,
  quizValuesOf,
  type QuizValues,
} from "./quizForms";

interface QuizFormProps {
  quiz: EditableQuizFragment | null;
  /** The course's videos, which a question may name the moment of. */
  videos: readonly EditableVideoFragment[];
  busy: boolean;
  /** Saves the quiz; throws the API's refusal. `withQuestions` is false when only its settings changed. */
  onSave: (values: QuizValues, withQuestions: boolean) => Promise<void>;
  onCancel: () => void;
}

const KIND_OPTIONS = (Object.keys(KIND_LABELS) as QuizQuestionKind[]).map((kind) => ({ value: kind, label: KIND_LABELS[kind] }));

function ChoicesEditor({ control, register, errors, questionIndex }: {
  control: Control<QuizValues>;
  register: UseFormRegister<QuizValues>;
  errors: FieldErrors<QuizValues>;
  questionIndex: number;
}) {
  const { fields, append, remove } = useFieldArray({ control, name: `questions.${questionIndex}.choices` });
  const kind = useWatch({ control, name: `questions.${questionIndex}.kind` });
  const choiceErrors = errors.questions?.[questionIndex]?.choices;
  const trueFalse = kind === "TRUE_FALSE";
  return (
    <fieldset className="quiz-choices">
      <legend>Choices</legend>
      <p className="field-hint">
        {kind === "MULTIPLE_CHOICE" ? "Tick every right choice." : "Tick the one right choice."} A learner sees a choice's explanation after
        picking it and submitting.
      </p>
      {fields.map((field, index) => (
        <div key={field.id} className="quiz-choice">
          <TextField
            label={`Choice ${index + 1}`}
            readOnly={trueFalse}
            error={choiceErrors?.[index]?.text?.message}
            {...register(`questions.${questionIndex}.choices.${index}.text`)}
          />
          <label className="checkbox">
            <input type="checkbox" {...register(`questions.${questionIndex}.choices.${index}.correct`)} />
            Choice {index + 1} is right
          </label>
          <TextField
            label={`Explanation of choice ${index + 1} (optional)`}
            error={choiceErrors?.[index]?.explanation?.message}
            {...register(`questions.${questionIndex}.choices.${index}.explanation`)}
          />
          {!trueFalse && fields.length > 2 && (
            <button type="button" className="button button-ghost" onClick={() => remove(index)}>
              Remove choice {index + 1}
            </button>
          )}
        </div>
      ))}
      {choiceErrors?.root?.message && <p className="field-error">{choiceErrors.root.message}</p>}
      {choiceErrors?.message && <p className="field-error">{choiceErrors.message}</p>}
      {!trueFalse && fields.length < 10 && (
        <button type="button" className="button button-secondary" onClick={() => append({ text: "", correct: false, explanation: "" })}>
          Add a choice
        </button>
      )}
    </fieldset>
  );
}

/** A quiz's settings and questions, written by the course's team. */
export function QuizForm({ quiz, videos, busy, onSave, onCancel }: QuizFormProps) {
  const [apiError, setApiError] = useState<string[] | null>(null);
  const form = useForm<QuizValues>({ resolver: zodResolver(quizSchema), defaultValues: quizValuesOf(quiz) });
  const { errors, dirtyFields } = form.formState;
  const questions = useFieldArray({ control: form.control, name: "questions" });
  const videoOptions = [{ value: "", label: "No particular video" }, ...videos.map((video) => ({ value: video.id, label: video.title }))];

  const submit = form.handleSubmit(async (values) => {
    setApiError(null);
    try {
      await onSave(values, quiz === null || dirtyFields.questions !== undefined);
    } catch (caught) {
      const fields = Object.entries(fieldErrorsOf(caught)).flatMap(([field, message]) => (message ? [quizErrorSentence(field, message)] : []));
      setApiError(
        errorReasonOf(caught) === "QUIZ_HAS_ATTEMPTS"
          ? [errorMessageOf(caught)]
          : [`The quiz could not be saved. ${fields.length ? "" : errorMessageOf(caught)}`.trim(), ...fields],
      );
    }
  });

  return (
    <form className="form quiz-form" aria-label={quiz ? `Edit the quiz ${quiz.title}` : "New quiz"} onSubmit={(event) => void submit(event)} noValidate>
      <TextField label="Quiz title" error={errors.title?.message} {...form.register("title")} />
      <div className="quiz-settings">
        <TextField
          label="Pass mark (%)"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          error={errors.passPercent?.message}
          {...form.register("passPercent", { valueAsNumber: true })}
        />
        <TextField
          label="Attempts allowed"
          hint="Leave empty for unlimited attempts."
          inputMode="numeric"
          error={errors.attemptLimit?.message}
          {...form.register("attemptLimit")}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" {...form.register("requiredForCompletion")} />
        Learners must pass this quiz to complete the course
      </label>
      {quiz?.questionsLocked && (
        <p className="alert alert-info">Learners have attempted this quiz, so its questions can no longer change. You can still change its settings.</p>
      )}
      <ol className="quiz-questions">
        {questions.fields.map((field, index) => {
          const questionErrors = errors.questions?.[index];
          return (
            <li key={field.id} className="quiz-question-editor">
              <fieldset>
                <legend>Question {index + 1}</legend>
                <SelectField
                  label={`Kind of question ${index + 1}`}
                  options={KIND_OPTIONS}
                  {...form.register(`questions.${index}.kind`, {
                    onChange: (event: { target: { value: QuizQuestionKind } }) => {
                      const kind = event.target.value;
                      form.setValue(`questions.${index}.choices`, newQuestion(kind).choices, { shouldDirty: true });
                    },
                  })}
                />
                <TextAreaField label={`Question ${index + 1}`} rows={2} error={questionErrors?.prompt?.message} {...form.register(`questions.${index}.prompt`)} />
                <QuestionAnswer control={form.control} register={form.register} errors={errors} index={index} />
                <TextAreaField
                  label={`Explanation of question ${index + 1} (optional)`}
                  hint="Shown with the learner's result."
                  rows={2}
                  error={questionErrors?.explanation?.message}
                  {...form.register(`questions.${index}.explanation`)}
                />
                <div className="quiz-settings">
                  <SelectField label={`Video question ${index + 1} is about`} options={videoOptions} {...form.register(`questions.${index}.momentVideoId`)} />
                  <TextField
                    label="At second"
                    inputMode="decimal"
                    error={questionErrors?.momentSeconds?.message}
                    {...form.register(`questions.${index}.momentSeconds`)}
                  />
                </div>
                {questions.fields.length > 1 && (
                  <button type="button" className="button button-ghost" onClick={() => questions.remove(index)}>
                    Remove question {index + 1}
                  </button>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {errors.questions?.message && <p className="field-error">{errors.questions.message}</p>}
      <button type="button" className="button button-secondary" onClick={() => questions.append(newQuestion())}>
        Add a question
      </button>
      {apiError && (
        <div className="alert alert-error" role="alert">
          {apiError.map((sentence) => (
            <p key={sentence}>{sentence}</p>
          ))}
        </div>
      )}
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel="Saving…">
          {quiz ? "Save the quiz" : "Add the quiz"}
        </SubmitButton>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function QuestionAnswer({ control, register, errors, index }: {
  control: Control<QuizValues>;
  register: UseFormRegister<QuizValues>;
  errors: FieldErrors<QuizValues>;
  index: number;
}) {
  const kind = useWatch({ control, name: `questions.${index}.kind` });
  const questionErrors = errors.questions?.[index];
  if (kind !== "NUMERIC") return <ChoicesEditor control={control} register={register} errors={errors} questionIndex={index} />;
  return (
    <div className="quiz-settings">
      <TextField label="Right answer" inputMode="decimal" error={questionErrors?.numericAnswer?.message} {...register(`questions.${index}.numericAnswer`)} />
      <TextField
        label="Tolerance"
        hint="How far from the right answer an answer may be; empty for exact."
        inputMode="decimal"
        error={questionErrors?.numericTolerance?.message}
        {...register(`questions.${index}.numericTolerance`)}
      />
    </div>
  );
}

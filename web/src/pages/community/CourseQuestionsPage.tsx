import { useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { errorMessageOf } from "../../apollo/apiErrors";
import { learnPath, questionPath } from "../../app/paths";
import { Badge } from "../../components/Badge";
import { SearchField } from "../../components/forms/SearchField";
import { LoadMore } from "../../components/LoadMore";
import { formatClockDuration } from "../../format/duration";
import { CourseQuestionSearchDocument, type CourseQuestionViewFragment } from "../../gql/graphql";
import { useLoadMore } from "../../hooks/useLoadMore";
import { usePageTitle } from "../../hooks/usePageTitle";
import { authorName, QuestionThread } from "./QuestionThread";
import "./community.css";

const PAGE = 20;

function SearchResult({ courseId, question, open, onToggle }: { courseId: string; question: CourseQuestionViewFragment; open: boolean; onToggle: () => void }) {
  const threadId = useId();
  return (
    <li className="qa-question">
      <button type="button" className="qa-question-title" aria-expanded={open} aria-controls={threadId} onClick={onToggle}>
        {question.deleted ? "Deleted question" : question.title}
      </button>
      <p className="muted qa-meta">
        {question.video ? (
          <Link to={questionPath(courseId, question.video.id, question.id)}>
            At {formatClockDuration(question.positionSeconds)} of “{question.video.title}”
          </Link>
        ) : (
          "On a video no longer shown"
        )}{" "}
        · asked by {authorName(question.author)} · {question.answerCount === 1 ? "1 answer" : `${question.answerCount} answers`}
        {question.acceptedAnswer && (
          <>
            {" "}
            <Badge tone="success">Answered</Badge>
          </>
        )}
      </p>
      <div id={threadId}>{open && <QuestionThread question={question} />}</div>
    </li>
  );
}

/** A course's questions, newest first, or the best matches for a search; each thread opens in place (the course's team answers here) or under its video's player. */
export function CourseQuestionsPage() {
  const { courseId = "" } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.get("q") ?? "";
  const result = useQuery(CourseQuestionSearchDocument, { variables: { courseId, search: search || null, first: PAGE } });
  const course = result.data?.course;
  const connection = course?.questions;
  const pagination = useLoadMore(connection?.pageInfo, result.fetchMore);
  usePageTitle(course ? `Questions in ${course.title}` : "Questions");
  const list = connection?.edges.map((edge) => edge.node) ?? [];
  const [open, setOpen] = useState<string | null>(null);

  return (
    <section className="page">
      <p>
        <Link to={learnPath(courseId)}>
          <span aria-hidden="true">← </span>Back to the course
        </Link>
      </p>
      <h1>{course ? `Questions in ${course.title}` : "Questions"}</h1>
      <SearchField label="Search the questions" value={search} onSearch={(text) => setSearchParams(text ? { q: text } : {}, { replace: true })} placeholder="Words of a question" />
      {result.error && !course ? (
        <p className="alert alert-error" role="alert">
          The questions could not be loaded. {errorMessageOf(result.error)}
        </p>
      ) : result.loading && !connection ? (
        <p className="muted" role="status">
          Loading the questions…
        </p>
      ) : course && !connection ? (
        <p className="alert alert-info">Enroll in this course to read and ask questions about its videos.</p>
      ) : list.length === 0 ? (
        <p className="muted" role="status">
          {search ? `No question matches “${search}”. Try other words.` : "Nobody has asked a question in this course yet."}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {search ? `${connection!.totalCount === 1 ? "1 question matches" : `${connection!.totalCount} questions match`} “${search}”.` : `${connection!.totalCount === 1 ? "1 question" : `${connection!.totalCount} questions`} in this course.`}
          </p>
          <ul className="qa-list">
            {list.map((question) => (
              <SearchResult key={question.id} courseId={courseId} question={question} open={open === question.id} onToggle={() => setOpen(open === question.id ? null : question.id)} />
            ))}
          </ul>
          <LoadMore pagination={pagination} />
        </>
      )}
    </section>
  );
}

export default CourseQuestionsPage;

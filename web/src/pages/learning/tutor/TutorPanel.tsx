import { useApolloClient, useMutation, useQuery } from "@apollo/client/react";
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { fieldErrorsOf } from "../../../apollo/apiErrors";
import { Badge } from "../../../components/Badge";
import { ProgressMeter } from "../../../components/ProgressMeter";
import { formatDate } from "../../../format/date";
import {
  AskTutorDocument,
  CreateTutorThreadDocument,
  TutorAnswerStreamDocument,
  TutorThreadMessagesDocument,
  TutorThreadsDocument,
  TutorUsageDocument,
  type TutorAnswerStreamSubscription,
  type TutorMessageViewFragment,
  type TutorUsageViewFragment,
} from "../../../gql/graphql";
import { readTutorDraft, writeTutorDraft } from "./tutorDraft";
import { answererLabel, askErrorSentence, citationLabel, CUT_OFF_NOTICE, QUESTION_MAX_CHARS, usageWords } from "./tutorWords";
import "./tutor.css";

/** A conversation opens with its latest messages; earlier ones come in pages of this size too. */
const MESSAGES_PAGE = 20;
/** The API's limit on a thread's title; a new thread is named after its first question. */
const TITLE_MAX_CHARS = 120;

export interface TutorPlace {
  videoId: string;
  /** Absent while the video cannot play. */
  positionSeconds?: number;
}

interface TutorPanelProps {
  /** The signed-in learner, whose draft the tab keeps. */
  userId: string;
  courseId: string;
  /** The video being watched and where in it, sent with each question. */
  place: () => TutorPlace | null;
  /** A citation was chosen: play that video from that second. */
  onCite: (videoId: string, seconds: number) => void;
}

/** The question being answered: its answer streams in, then the stored answer replaces it. */
interface Exchange {
  threadId: string;
  question: string;
  /** The streamed answer's message id, from its first chunk. */
  messageId: string | null;
  streamed: string;
  answer: TutorMessageViewFragment | null;
}

type AnswerChunk = TutorAnswerStreamSubscription["tutorAnswerStream"];

/**
 * Follows tutorAnswerStream of the thread, handing its chunks on; answers a function that
 * resolves once the subscription for a thread has been started (sent over the socket), so a
 * question asked after it streams from its first chunk. The server keeps no chunk for a late
 * subscriber: one that missed some sees the stored answer when askTutor answers.
 */
function useAnswerStream(threadId: string | null, onChunk: (threadId: string, chunk: AnswerChunk) => void) {
  const client = useApolloClient();
  const handler = useRef(onChunk);
  handler.current = onChunk;
  const followed = useRef<string | null>(null);
  const waiting = useRef(new Map<string, () => void>());

  useEffect(() => {
    if (!threadId) return;
    const subscription = client.subscribe({ query: TutorAnswerStreamDocument, variables: { threadId } }).subscribe({
      next: (result) => {
        const chunk = result.data?.tutorAnswerStream;
        if (chunk) handler.current(threadId, chunk);
      },
      // A lost stream loses nothing: the stored answer comes with askTutor's answer.
      error: () => undefined,
    });
    followed.current = threadId;
    waiting.current.get(threadId)?.();
    waiting.current.delete(threadId);
    return () => {
      subscription.unsubscribe();
      followed.current = null;
    };
  }, [client, threadId]);

  return useCallback(
    (id: string) =>
      followed.current === id ? Promise.resolve() : new Promise<void>((resolve) => waiting.current.set(id, resolve)),
    [],
  );
}

function threadTitleOf(question: string): string {
  const line = question.replace(/\s+/g, " ").trim();
  return line.length > TITLE_MAX_CHARS ? `${line.slice(0, TITLE_MAX_CHARS - 1)}…` : line;
}

function UsageMeter({ usage }: { usage: TutorUsageViewFragment }) {
  const words = usageWords(usage);
  return (
    <div className="tutor-usage">
      <ProgressMeter label="Tutor budget" percent={words.percent} valueText={words.tokens} />
      <p className="muted">
        {words.requests}. {words.resets}.
      </p>
    </div>
  );
}

function Citations({ message, onCite }: { message: TutorMessageViewFragment; onCite: TutorPanelProps["onCite"] }) {
  if (message.citations.length === 0) return null;
  return (
    <ul className="tutor-citations" aria-label="Cited moments">
      {message.citations.map((citation, index) => (
        <li key={index}>
          <button
            type="button"
            className="tutor-citation"
            title={citation.snippet}
            onClick={() => onCite(citation.video.id, citation.startSeconds)}
          >
            <span aria-hidden="true">▶ </span>
            {citationLabel(citation)}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A cut-off answer ends with the API's bracketed note saying so, which the notice above it already says. */
const withoutClosingNote = (content: string) => content.replace(/\n\n\[[^\]]*\]$/, "");

function Answer({ message, onCite }: { message: TutorMessageViewFragment; onCite: TutorPanelProps["onCite"] }) {
  const label = answererLabel(message);
  return (
    <>
      {label && <Badge tone={message.answeredBy === "COURSE_EXCERPTS" ? "info" : "neutral"}>{label}</Badge>}
      {message.incomplete && (
        <p className="tutor-cut-off">
          <span aria-hidden="true">⚠ </span>
          {CUT_OFF_NOTICE}
        </p>
      )}
      <p className="tutor-text">{message.incomplete ? withoutClosingNote(message.content) : message.content}</p>
      <Citations message={message} onCite={onCite} />
    </>
  );
}

function Message({ message, onCite }: { message: TutorMessageViewFragment; onCite: TutorPanelProps["onCite"] }) {
  if (message.role === "USER") {
    return (
      <li className="tutor-message tutor-message-question">
        <span className="visually-hidden">You asked: </span>
        <p className="tutor-text">{message.content}</p>
      </li>
    );
  }
  return (
    <li className="tutor-message tutor-message-answer">
      <span className="visually-hidden">The tutor answered: </span>
      <Answer message={message} onCite={onCite} />
    </li>
  );
}

/**
 * "Ask the tutor" beside the player: the learner's conversations about the course, the answer
 * streaming in (tutorAnswerStream, followed before asking) with the moments it cites, and the
 * day's budget. What is typed stays for the tab (tutorDraft.ts).
 */
export default function TutorPanel({ userId, courseId, place, onCite }: TutorPanelProps) {
  const headingId = useId();
  const questionId = useId();
  const [initial] = useState(() => readTutorDraft(userId, courseId));
  const [question, setQuestion] = useState(initial.question);
  const [threadId, setThreadId] = useState<string | null>(initial.threadId);
  const [exchange, setExchange] = useState<Exchange | null>(null);
  const [askError, setAskError] = useState<unknown>(null);
  const [asking, setAsking] = useState(false);
  const [earlier, setEarlier] = useState<{ loading: boolean; error: unknown; said: string }>({ loading: false, error: null, said: "" });
  const messagesBox = useRef<HTMLDivElement>(null);
  /** While earlier messages load: how far the view was from the bottom of the conversation, to stay there. */
  const distanceFromBottom = useRef<number | null>(null);

  useEffect(() => writeTutorDraft(userId, courseId, { question, threadId }), [userId, courseId, question, threadId]);

  const threads = useQuery(TutorThreadsDocument, { variables: { courseId } });
  const usage = useQuery(TutorUsageDocument);
  const thread = useQuery(TutorThreadMessagesDocument, {
    variables: { id: threadId ?? "", last: MESSAGES_PAGE },
    skip: !threadId,
  });
  const connection = thread.data?.tutorThread?.messages;
  // Read after the answer, when the values of the render that asked are stale.
  const latest = useRef({ threadId, thread, endCursor: connection?.pageInfo.endCursor ?? null });
  latest.current = { threadId, thread, endCursor: connection?.pageInfo.endCursor ?? null };

  function openThread(id: string | null) {
    setThreadId(id);
    setExchange(null);
    setAskError(null);
    setEarlier({ loading: false, error: null, said: "" });
    distanceFromBottom.current = null;
  }

  // A thread of the tab's last visit that is gone (or another person's): start anew.
  useEffect(() => {
    if (threadId && thread.data && thread.data.tutorThread === null) setThreadId(null);
  }, [threadId, thread.data]);

  const following = useAnswerStream(threadId, (followed, chunk) =>
    setExchange((current) =>
      current && current.threadId === followed && !current.answer && (current.messageId ?? chunk.messageId) === chunk.messageId
        ? { ...current, messageId: chunk.messageId, streamed: current.streamed + chunk.delta }
        : current,
    ),
  );

  const [createThread] = useMutation(CreateTutorThreadDocument, {
    update(cache, { data }) {
      const created = data?.createTutorThread;
      if (!created) return;
      cache.updateQuery({ query: TutorThreadsDocument, variables: { courseId } }, (cached) =>
        cached ? { tutorThreads: [created, ...cached.tutorThreads.filter((known) => known.id !== created.id)] } : cached,
      );
    },
  });
  const [askTutor] = useMutation(AskTutorDocument, {
    update(cache, { data }) {
      if (data) cache.writeQuery({ query: TutorUsageDocument, data: { tutorUsage: data.askTutor.usage } });
    },
  });

  const loaded = connection?.edges.map((edge) => edge.node) ?? [];
  const loadedIds = new Set(loaded.map((message) => message.id));
  const newestId = loaded.at(-1)?.id;
  // Shown until the thread's messages hold the stored answer.
  const shownExchange = exchange && exchange.threadId === threadId && !(exchange.answer && loadedIds.has(exchange.answer.id)) ? exchange : null;

  // The latest question at the top of the panel's messages, so its answer reads from its start;
  // only the panel scrolls, the page stays where the learner is. Not when earlier messages arrive:
  // the newest stays the same then.
  useEffect(() => {
    const box = messagesBox.current;
    const questions = box?.querySelectorAll<HTMLElement>(".tutor-message-question");
    const latestQuestion = questions?.[questions.length - 1];
    if (box && latestQuestion) box.scrollTop += latestQuestion.getBoundingClientRect().top - box.getBoundingClientRect().top;
  }, [shownExchange?.streamed, shownExchange?.answer, newestId]);

  // Earlier messages go in above what is read, which stays where it was on screen.
  useLayoutEffect(() => {
    const box = messagesBox.current;
    if (!box || distanceFromBottom.current === null) return;
    box.scrollTop = box.scrollHeight - distanceFromBottom.current;
    distanceFromBottom.current = null;
  }, [loaded.length]);

  async function showEarlier() {
    const box = messagesBox.current;
    const before = connection?.pageInfo.startCursor;
    if (!box || !before || earlier.loading) return;
    setEarlier({ loading: true, error: null, said: "" });
    distanceFromBottom.current = box.scrollHeight - box.scrollTop;
    try {
      const { data } = await thread.fetchMore({ variables: { before } });
      // Another conversation was opened meanwhile: this one's page went to the cache only.
      if (latest.current.threadId !== threadId) return;
      const page = data?.tutorThread?.messages;
      const count = page?.edges.length ?? 0;
      setEarlier({ loading: false, error: null, said: `${count} earlier message${count === 1 ? "" : "s"} shown above.` });
      // The button is gone with the first message: the keyboard carries on in the conversation.
      if (page && !page.pageInfo.hasPreviousPage) box.focus({ preventScroll: true });
    } catch (error) {
      if (latest.current.threadId !== threadId) return;
      distanceFromBottom.current = null;
      setEarlier({ loading: false, error, said: "" });
    }
  }

  /** The messages stored after those loaded: the exchange just asked, a cut-off answer too. */
  async function loadNewest() {
    const { thread: shown, endCursor } = latest.current;
    const fetched = endCursor
      ? shown.fetchMore({ variables: { first: MESSAGES_PAGE, after: endCursor, last: null, before: null } })
      : shown.refetch();
    await fetched.catch(() => undefined);
  }

  async function ask() {
    const text = question.trim();
    if (!text || asking) return;
    setAsking(true);
    setAskError(null);
    let askedIn = threadId;
    try {
      if (!askedIn) {
        // The thread first, so that its stream is followed before the answer starts.
        const created = await createThread({ variables: { courseId, title: threadTitleOf(text) } });
        askedIn = created.data!.createTutorThread.id;
        setThreadId(askedIn);
      }
      await following(askedIn);
      setExchange({ threadId: askedIn, question: text, messageId: null, streamed: "", answer: null });
      setQuestion("");
      const where = place();
      const answered = await askTutor({
        variables: { input: { courseId, threadId: askedIn, question: text, ...(where ?? {}) } },
      });
      const answer = answered.data!.askTutor.answer;
      setExchange((current) => (current && current.threadId === askedIn ? { ...current, answer } : current));
    } catch (error) {
      setExchange(null);
      // The question goes back in the box unless the learner started another one meanwhile.
      setQuestion((current) => (current.trim() ? current : text));
      setAskError(error);
      void usage.refetch();
      // A model that failed half-way left its question and what it had said, marked cut off.
      if (askedIn) void loadNewest();
      return;
    } finally {
      setAsking(false);
    }
    // The exchange joins the thread's list after what is loaded; until then (or if that fails) it
    // stays shown as answered.
    await loadNewest();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void ask();
  }

  function sendOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void ask();
  }

  const threadList = [...(threads.data?.tutorThreads ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const questionError = askError ? fieldErrorsOf(askError).question : undefined;
  const counterId = `${questionId}-counter`;
  const hintId = `${questionId}-hint`;
  const errorId = `${questionId}-error`;
  const empty = !threadId && !shownExchange;

  return (
    <section className="panel tutor-panel" aria-labelledby={headingId}>
      <div className="tutor-header">
        <h2 id={headingId}>Ask the tutor</h2>
        <button type="button" className="button button-secondary button-small" onClick={() => openThread(null)} disabled={!threadId}>
          New conversation
        </button>
      </div>
      {usage.data && <UsageMeter usage={usage.data.tutorUsage} />}

      {threadList.length > 0 && (
        <div className="field tutor-threads">
          <label htmlFor={`${questionId}-threads`}>Conversation</label>
          <select
            id={`${questionId}-threads`}
            value={threadId ?? ""}
            onChange={(event) => openThread(event.target.value || null)}
          >
            {!threadId && <option value="">New conversation</option>}
            {threadList.map((known) => (
              <option key={known.id} value={known.id}>
                {known.title} · {formatDate(known.updatedAt)}
              </option>
            ))}
          </select>
        </div>
      )}
      {threads.error && (
        <p className="alert alert-error" role="alert">
          Your conversations could not be loaded. {askErrorSentence(threads.error)}
        </p>
      )}

      {/* Scrolls on its own: focusable, so the keyboard can scroll it too. */}
      <div className="tutor-messages" ref={messagesBox} role="region" aria-label="Conversation with the tutor" tabIndex={0}>
        {empty && (
          <p className="muted tutor-empty">
            Ask about what you are watching: the tutor answers from this course's videos and points you to the moments it quotes.
          </p>
        )}
        {thread.loading && !thread.data && <p className="muted">Loading the conversation…</p>}
        {thread.error && (
          <p className="alert alert-error" role="alert">
            The conversation could not be loaded. {askErrorSentence(thread.error)}
          </p>
        )}
        {connection?.pageInfo.hasPreviousPage && (
          <div className="tutor-earlier">
            {earlier.error ? (
              <p className="alert alert-error" role="alert">
                Earlier messages could not be loaded. {askErrorSentence(earlier.error)}
              </p>
            ) : null}
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => void showEarlier()}
              disabled={earlier.loading}
              aria-busy={earlier.loading}
            >
              {earlier.loading ? "Loading earlier messages…" : earlier.error ? "Try again" : "Show earlier messages"}
            </button>
          </div>
        )}
        {loaded.length > 0 && (
          <ol className="tutor-thread">
            {loaded.map((message) => (
              <Message key={message.id} message={message} onCite={onCite} />
            ))}
          </ol>
        )}
        {shownExchange && (
          <div className="tutor-message tutor-message-question">
            <span className="visually-hidden">You asked: </span>
            <p className="tutor-text">{shownExchange.question}</p>
          </div>
        )}
        {/* Always there, so that screen readers announce what arrives in it. */}
        <div className="tutor-live" aria-live="polite" aria-busy={shownExchange !== null && !shownExchange.answer}>
          {shownExchange && (
            <div className="tutor-message tutor-message-answer" data-state={shownExchange.answer ? "answered" : "streaming"}>
              <span className="visually-hidden">The tutor answers: </span>
              {shownExchange.answer ? (
                <Answer message={shownExchange.answer} onCite={onCite} />
              ) : shownExchange.streamed ? (
                <p className="tutor-text">{shownExchange.streamed}</p>
              ) : (
                <p className="muted">Looking through the course…</p>
              )}
            </div>
          )}
        </div>
      </div>

      <p className="visually-hidden" role="status">
        {earlier.said}
      </p>
      {askError && !questionError ? (
        <p className="alert alert-error tutor-error" role="alert">
          {askErrorSentence(askError)}
        </p>
      ) : null}
      <form className="tutor-form" onSubmit={submit}>
        <div className={questionError ? "field field-invalid" : "field"}>
          <label htmlFor={questionId}>Your question</label>
          <textarea
            id={questionId}
            name="question"
            rows={3}
            maxLength={QUESTION_MAX_CHARS}
            value={question}
            onChange={(event) => setQuestion(event.target.value)}
            onKeyDown={sendOnEnter}
            aria-invalid={questionError ? true : undefined}
            aria-describedby={[hintId, counterId, questionError ? errorId : ""].filter(Boolean).join(" ")}
          />
          <div className="tutor-form-notes">
            <p id={hintId} className="field-hint">
              Enter sends, Shift+Enter starts a new line.
            </p>
            <p id={counterId} className="field-hint tutor-counter">
              {question.length.toLocaleString()} / {QUESTION_MAX_CHARS.toLocaleString()}
            </p>
          </div>
          {questionError && (
            <p id={errorId} className="field-error" role="alert">
              {questionError}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={asking || !question.trim()} aria-busy={asking}>
          {asking ? "Asking…" : "Ask"}
        </button>
      </form>
    </section>
  );
}

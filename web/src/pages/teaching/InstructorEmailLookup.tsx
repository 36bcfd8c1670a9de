import { useLazyQuery, useMutation } from "@apollo/client/react";
import { useId, useState, type FormEvent } from "react";
import { InlineError } from "../../components/InlineError";
import { AddCourseInstructorDocument, InstructorByEmailDocument } from "../../gql/graphql";

interface InstructorEmailLookupProps {
  courseId: string;
  /** The course's instructors already: found again, they are not offered. */
  excludedIds: ReadonlySet<string>;
}

/** Course owners: the API finds an instructor by exact email address only, never by searching. */
export function InstructorEmailLookup({ courseId, excludedIds }: InstructorEmailLookupProps) {
  const id = useId();
  const [email, setEmail] = useState("");
  const [find, lookup] = useLazyQuery(InstructorByEmailDocument, { fetchPolicy: "network-only", errorPolicy: "all" });
  const [addInstructor, adding] = useMutation(AddCourseInstructorDocument, { errorPolicy: "all" });
  const found = lookup.data?.instructorByEmail;
  const answered = lookup.called && !lookup.loading && !lookup.error;

  const handleFind = (event: FormEvent) => {
    event.preventDefault();
    if (email.trim()) void find({ variables: { email: email.trim() } });
  };

  return (
    <form className="field" onSubmit={handleFind} noValidate>
      <label htmlFor={id}>Add a co-instructor by email</label>
      <div className="inline-form">
        <input
          id={id}
          type="email"
          autoComplete="off"
          value={email}
          placeholder="colleague@example.com"
          aria-describedby={`${id}-result`}
          onChange={(event) => setEmail(event.target.value)}
        />
        <button type="submit" className="button button-secondary" disabled={lookup.loading || !email.trim()}>
          {lookup.loading ? "Finding…" : "Find instructor"}
        </button>
      </div>
      <div id={`${id}-result`} aria-live="polite">
        <InlineError error={lookup.error} />
        {answered && !found && (
          <p className="muted">No instructor has this address: they need an instructor account first.</p>
        )}
        {answered && found && excludedIds.has(found.id) && (
          <p className="muted">{found.profile.displayName} already teaches this course.</p>
        )}
        {answered && found && !excludedIds.has(found.id) && (
          <ul className="candidate-list">
            <li>
              <span>{found.profile.displayName}</span>
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={adding.loading}
                onClick={async () => {
                  const result = await addInstructor({ variables: { courseId, userId: found.id } });
                  if (result.data) setEmail("");
                }}
              >
                Add<span className="visually-hidden"> {found.profile.displayName}</span>
              </button>
            </li>
          </ul>
        )}
      </div>
      <InlineError error={adding.error} />
    </form>
  );
}

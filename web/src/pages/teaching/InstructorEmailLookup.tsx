import { useLazyQuery } from "@apollo/client/react";
import { useId, useState, type FormEvent } from "react";
import { InlineError } from "../../components/InlineError";
import { InstructorByEmailDocument } from "../../gql/graphql";
import { InstructorCandidate } from "./InstructorCandidate";

interface InstructorEmailLookupProps {
  courseId: string;
  /** The course's instructors already: found again, they are not offered. */
  excludedIds: ReadonlySet<string>;
}

/** Course owners: the API finds an instructor by exact email address only, never by searching. */
export function InstructorEmailLookup({ courseId, excludedIds }: InstructorEmailLookupProps) {
  const id = useId();
  const [email, setEmail] = useState("");
  const [lookedUpEmail, setLookedUpEmail] = useState("");
  const [find, lookup] = useLazyQuery(InstructorByEmailDocument, { fetchPolicy: "network-only", errorPolicy: "all" });
  const found = lookup.data?.instructorByEmail;
  // An answer is about the address it was asked for: once the field changes (or empties after an
  // add), it no longer shows.
  const answered = lookup.called && !lookup.loading && !lookup.error && lookedUpEmail === email.trim();

  const handleFind = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) return;
    setLookedUpEmail(email.trim());
    void find({ variables: { email: email.trim() } });
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
            <InstructorCandidate
              courseId={courseId}
              userId={found.id}
              displayName={found.profile.displayName}
              onAdded={() => setEmail("")}
            />
          </ul>
        )}
      </div>
    </form>
  );
}

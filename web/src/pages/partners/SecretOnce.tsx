import { useState } from "react";

/** A secret the API shows this once: to copy now, with what it is for. */
export function SecretOnce({ title, secret, children, onDone }: { title: string; secret: string; children: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };
  return (
    <div className="secret-once" role="region" aria-label={title}>
      <h3>{title}</h3>
      <p>{children}</p>
      <p>
        <code className="secret-value">{secret}</code>
      </p>
      <div className="toolbar">
        <button type="button" className="button button-small" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onDone}>
          I have kept it
        </button>
      </div>
    </div>
  );
}

import { useState } from "react";

interface AvatarProps {
  /** Whose picture: its first letter stands in when there is no picture or it fails to load. */
  name: string;
  url: string | null;
  size?: "small" | "large";
}

/** A person's picture beside their name; decorative, since the name is always shown with it. */
export function Avatar({ name, url, size = "small" }: AvatarProps) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? "?";
  return (
    <span className={`avatar avatar-${size}`} aria-hidden="true">
      {url && url !== failedUrl ? <img src={url} alt="" onError={() => setFailedUrl(url)} /> : initial}
    </span>
  );
}

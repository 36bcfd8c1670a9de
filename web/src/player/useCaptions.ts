import { useQuery } from "@apollo/client/react";
import { useCallback, useEffect, useState } from "react";
import { VideoCaptionsDocument } from "../gql/graphql";

/** One preference for every video on this device: a learner who turned captions off wants them off on the next one too. */
const CAPTIONS_PREFERENCE_KEY = "player:captions";

function captionsPreferred(): boolean {
  try {
    return localStorage.getItem(CAPTIONS_PREFERENCE_KEY) !== "off";
  } catch {
    return true;
  }
}

function rememberCaptionsPreference(showing: boolean): void {
  try {
    if (showing) localStorage.removeItem(CAPTIONS_PREFERENCE_KEY);
    else localStorage.setItem(CAPTIONS_PREFERENCE_KEY, "off");
  } catch {
    // Storage full or disabled: the choice lasts until the page closes.
  }
}

export interface Captions {
  /** A Blob URL of the video's WebVTT for a `<track>`; null while there is none. */
  trackUrl: string | null;
  showing: boolean;
  setShowing: (showing: boolean) => void;
}

/**
 * The video's transcript as a captions track, shown unless the learner turned captions off on this
 * device. A Blob URL and not a data: URL: a transcript may be up to 1 MB, and the URL is revoked
 * when the text changes or the player goes.
 */
export function useCaptions(videoId: string): Captions {
  const { data } = useQuery(VideoCaptionsDocument, { variables: { id: videoId } });
  const vtt = data?.video?.transcriptVtt ?? null;
  const [trackUrl, setTrackUrl] = useState<string | null>(null);
  const [showing, setShowingState] = useState(captionsPreferred);

  useEffect(() => {
    if (!vtt) return;
    const url = URL.createObjectURL(new Blob([vtt], { type: "text/vtt" }));
    setTrackUrl(url);
    return () => {
      URL.revokeObjectURL(url);
      setTrackUrl(null);
    };
  }, [vtt]);

  const setShowing = useCallback((next: boolean) => {
    setShowingState(next);
    rememberCaptionsPreference(next);
  }, []);
  return { trackUrl, showing, setShowing };
}

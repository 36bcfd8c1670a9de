import { useEffect, useState, type RefObject } from "react";

/** "none" for sound alone; null until the element knows (its metadata loaded). */
export type PictureShape = "landscape" | "portrait" | "none" | null;

function shapeOf(element: HTMLVideoElement): PictureShape {
  if (element.readyState < HTMLMediaElement.HAVE_METADATA) return null;
  if (element.videoWidth === 0 || element.videoHeight === 0) return "none";
  return element.videoHeight > element.videoWidth ? "portrait" : "landscape";
}

/**
 * The shape of what the element shows, for the page to size its box by: a portrait video in a
 * landscape box is a sliver on a phone, and sound alone needs no screen. Followed as it changes
 * (hls.js may switch renditions, a new source may load).
 */
export function usePictureShape(videoRef: RefObject<HTMLVideoElement | null>): PictureShape {
  const [shape, setShape] = useState<PictureShape>(null);
  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    const update = () => setShape(shapeOf(element));
    update();
    element.addEventListener("loadedmetadata", update);
    element.addEventListener("resize", update);
    element.addEventListener("emptied", update);
    return () => {
      element.removeEventListener("loadedmetadata", update);
      element.removeEventListener("resize", update);
      element.removeEventListener("emptied", update);
    };
  }, [videoRef]);
  return shape;
}

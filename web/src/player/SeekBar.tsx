import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent, type RefObject } from "react";
import { Slider, SliderThumb, SliderTrack } from "react-aria-components";
import { formatClockDuration } from "../format/duration";
import { thumbnailAt, type ThumbnailCue } from "./thumbnailTrack";
import { useThumbnailTrack } from "./useThumbnailTrack";

interface SeekBarProps {
  videoRef: RefObject<HTMLVideoElement | null>;
  /** The signed WebVTT track of seek previews; null for a video without them (the bar shows the time alone). */
  thumbnailsVttUrl: string | null;
  /** The bar's own input, for the player to give it the video's arrow keys. */
  inputRef: RefObject<HTMLInputElement | null>;
}

/** Where the video is, as its clock says it: whole seconds passed ("1:23", "1:02:03" past an hour). */
function clockText(seconds: number): string {
  return formatClockDuration(Math.max(0, Math.floor(seconds)));
}

/**
 * The player's seek bar, under the picture: hovering or dragging it shows the thumbnail of that
 * moment with its time, as the big video sites do (the browser's own bar cannot). A drag moves the
 * video once, where it is let go: one seek for analytics, and no segments fetched on the way.
 */
export function SeekBar({ videoRef, thumbnailsVttUrl, inputRef }: SeekBarProps) {
  const trackRef = useRef<HTMLDivElement>(null);
  const [duration, setDuration] = useState(0);
  const [position, setPosition] = useState(0);
  const [dragged, setDragged] = useState<number | null>(null);
  const [pointed, setPointed] = useState<number | null>(null);
  const thumbnails = useThumbnailTrack(thumbnailsVttUrl);

  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    const onDurationChange = () => setDuration(Number.isFinite(element.duration) ? element.duration : 0);
    const onTimeUpdate = () => setPosition(element.currentTime);
    onDurationChange();
    onTimeUpdate();
    element.addEventListener("durationchange", onDurationChange);
    element.addEventListener("timeupdate", onTimeUpdate);
    return () => {
      element.removeEventListener("durationchange", onDurationChange);
      element.removeEventListener("timeupdate", onTimeUpdate);
    };
  }, [videoRef]);

  const value = Math.min(dragged ?? position, duration);
  const valueText = `${clockText(value)} of ${clockText(duration)}`;
  // React Aria words the value with a number format, which cannot say minutes and seconds.
  useLayoutEffect(() => {
    inputRef.current?.setAttribute("aria-valuetext", valueText);
  });

  const secondsAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = trackRef.current?.getBoundingClientRect();
    if (!box || box.width === 0) return null;
    return (Math.min(Math.max(event.clientX - box.left, 0), box.width) / box.width) * duration;
  };
  const seek = (seconds: number) => {
    const element = videoRef.current;
    if (element) element.currentTime = seconds;
    setPosition(seconds);
    setDragged(null);
  };

  const previewSeconds = dragged ?? pointed;
  return (
    <Slider
      className="seek-bar"
      aria-label="Seek"
      minValue={0}
      // Until the duration is known the bar is disabled; an empty range would put its thumb nowhere.
      maxValue={duration || 1}
      step={0.1}
      value={value}
      isDisabled={duration === 0}
      onChange={setDragged}
      onChangeEnd={seek}
    >
      <SliderTrack
        ref={trackRef}
        className="seek-bar-track"
        onPointerEnter={thumbnails.load}
        onPointerMove={(event) => setPointed(secondsAt(event))}
        onPointerLeave={() => setPointed(null)}
      >
        <div className="seek-bar-played" style={{ width: `${duration ? (value / duration) * 100 : 0}%` }} />
        <SliderThumb className="seek-bar-thumb" inputRef={inputRef} onFocus={thumbnails.load} />
        {previewSeconds !== null && duration > 0 && (
          <SeekPreview seconds={previewSeconds} duration={duration} cues={thumbnails.cues} />
        )}
      </SliderTrack>
    </Slider>
  );
}

interface SeekPreviewProps {
  seconds: number;
  duration: number;
  cues: readonly ThumbnailCue[];
}

/** The tile above the bar: the sprite's region for that moment (when the video has previews) and the time. */
function SeekPreview({ seconds, duration, cues }: SeekPreviewProps) {
  const cue = thumbnailAt(cues, seconds);
  // Over the pointed moment, but never past the bar's ends (a phone's bar is barely two tiles wide).
  const half = Math.max(cue?.width ?? 0, 48) / 2 + 2;
  const left = `clamp(${half}px, ${(seconds / duration) * 100}%, calc(100% - ${half}px))`;
  return (
    <div className="seek-preview" style={{ left }} aria-hidden="true">
      {cue && (
        <div
          className="seek-preview-image"
          style={{
            width: cue.width,
            height: cue.height,
            backgroundImage: `url("${cue.imageUrl}")`,
            backgroundPosition: `-${cue.x}px -${cue.y}px`,
          }}
        />
      )}
      <span className="seek-preview-time">{clockText(seconds)}</span>
    </div>
  );
}

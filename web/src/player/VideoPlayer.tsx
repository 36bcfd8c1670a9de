import { useEffect, useRef, useState, type KeyboardEvent, type ReactEventHandler, type RefObject } from "react";
import {
  Button,
  Dialog,
  DialogTrigger,
  Heading,
  Menu,
  MenuItem,
  MenuTrigger,
  Popover,
  ToggleButton,
} from "react-aria-components";
import { SeekBar } from "./SeekBar";
import { commandOfKey, SHORTCUT_HELP, type PlayerCommand } from "./shortcuts";
import { useCaptions } from "./useCaptions";
import { usePictureShape } from "./usePictureShape";
import { usePlaybackRenewal } from "./usePlaybackRenewal";
import { useStreamingSource, type PlaybackSource, type Rendition } from "./useStreamingSource";

const SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

interface VideoPlayerProps {
  videoId: string;
  /** The video element's accessible name. */
  label: string;
  source: PlaybackSource;
  posterUrl: string | null;
  /** The signed WebVTT track of seek previews, when the video has one. */
  thumbnailsVttUrl: string | null;
  /** The caller's handle on the element: progress reports, analytics, seeking to a cited second. */
  videoRef: RefObject<HTMLVideoElement | null>;
  videoClassName?: string;
  onLoadedMetadata?: ReactEventHandler<HTMLVideoElement>;
  onPlaying?: ReactEventHandler<HTMLVideoElement>;
}

function speedText(rate: number): string {
  return `${rate}×`;
}

function renditionText(rendition: Rendition | undefined): string {
  return rendition ? `${rendition.height}p` : "";
}

/**
 * The one player of lessons and previews (mount it once per video: give it the video's id as
 * key): the browser's controls for playing, under them our seek bar with its previews (which
 * stands in for the browser's where a style can hide that), then captions, speed, quality (when
 * hls.js streams the video) and the keyboard shortcuts' help. Its signed URLs are renewed while it
 * is open, the video carrying on where it was.
 */
export function VideoPlayer(props: VideoPlayerProps) {
  const { videoId, label, source, posterUrl, thumbnailsVttUrl, videoRef, videoClassName, onLoadedMetadata, onPlaying } = props;
  const frameRef = useRef<HTMLDivElement>(null);
  const trackRef = useRef<HTMLTrackElement>(null);
  const seekInputRef = useRef<HTMLInputElement>(null);
  const captions = useCaptions(videoId);
  const renewal = usePlaybackRenewal(videoRef, videoId, source.expiresAt);
  const streaming = useStreamingSource(videoRef, source, renewal.reloads, renewal.loadFailed);
  const pictureShape = usePictureShape(videoRef);
  const [speed, setSpeed] = useState(1);
  const [helpOpen, setHelpOpen] = useState(false);
  const { trackUrl, showing: captionsShowing, setShowing: setCaptionsShowing } = captions;

  useEffect(() => {
    const track = trackRef.current?.track;
    if (track) track.mode = captionsShowing ? "showing" : "hidden";
  }, [trackUrl, captionsShowing]);

  // The speed and captions may also change through the browser's own controls (or a test's script).
  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    const onRateChange = () => setSpeed(element.playbackRate);
    const onTracksChange = () => {
      const mode = trackRef.current?.track.mode;
      if (mode) setCaptionsShowing(mode === "showing");
    };
    element.addEventListener("ratechange", onRateChange);
    element.textTracks.addEventListener("change", onTracksChange);
    return () => {
      element.removeEventListener("ratechange", onRateChange);
      element.textTracks.removeEventListener("change", onTracksChange);
    };
  }, [videoRef, setCaptionsShowing]);

  const run = (command: PlayerCommand) => {
    const element = videoRef.current;
    if (!element) return;
    switch (command.kind) {
      case "toggle-play":
        if (element.paused) void element.play().catch(() => undefined);
        else element.pause();
        break;
      case "seek": {
        const end = Number.isFinite(element.duration) ? element.duration : Infinity;
        element.currentTime = Math.min(Math.max(element.currentTime + command.bySeconds, 0), end);
        break;
      }
      case "toggle-captions":
        if (trackUrl) setCaptionsShowing(!captionsShowing);
        break;
      case "toggle-fullscreen":
        if (document.fullscreenElement) void document.exitFullscreen();
        else void frameRef.current?.requestFullscreen().catch(() => undefined);
        break;
      case "toggle-mute":
        element.muted = !element.muted;
        break;
      case "show-shortcuts":
        setHelpOpen(true);
        break;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as Node;
    // The menus and the help are portals: their keys reach here through React, not the page.
    if (!frameRef.current?.contains(target)) return;
    const command = commandOfKey(event.key, target === videoRef.current || target === seekInputRef.current);
    if (!command) return;
    // Handled before the element sees the key: its own controls also seek and play on some of these
    // keys, and would add their step to ours.
    event.preventDefault();
    event.stopPropagation();
    run(command);
  };

  const playing = streaming.renditions.find((rendition) => rendition.index === streaming.playingIndex);
  const chosen = streaming.renditions.find((rendition) => rendition.index === streaming.chosen);

  return (
    <div className="player" ref={frameRef} onKeyDownCapture={onKeyDown}>
      <video
        ref={videoRef}
        className={videoClassName}
        data-picture={pictureShape ?? undefined}
        controls
        preload="metadata"
        poster={posterUrl ?? undefined}
        aria-label={label}
        aria-keyshortcuts="Space K J L ArrowLeft ArrowRight C F M Shift+?"
        onLoadedMetadata={onLoadedMetadata}
        onPlaying={onPlaying}
      >
        {!source.hlsUrl && <source src={source.url} type={source.mimeType} />}
        {trackUrl && <track ref={trackRef} kind="captions" label="Captions" src={trackUrl} />}
        Your browser cannot play this video.
      </video>
      {renewal.failed && (
        <div className="alert alert-error player-failure" role="alert">
          <p>The video stopped loading. Check your connection, then reload the video to carry on where you were.</p>
          <Button className="button button-secondary" onPress={renewal.reload}>
            Reload the video
          </Button>
        </div>
      )}
      <SeekBar videoRef={videoRef} thumbnailsVttUrl={thumbnailsVttUrl} inputRef={seekInputRef} />
      <div className="player-settings" role="group" aria-label="Player settings">
        {trackUrl && (
          <ToggleButton className="button button-secondary player-setting" isSelected={captionsShowing} onChange={setCaptionsShowing}>
            Captions
          </ToggleButton>
        )}
        <MenuTrigger>
          <Button className="button button-secondary player-setting" aria-label={`Speed: ${speedText(speed)}`}>
            Speed {speedText(speed)}
          </Button>
          <Popover placement="top" className="player-menu-popover">
            <Menu
              aria-label="Speed"
              className="player-menu"
              selectionMode="single"
              selectedKeys={[String(speed)]}
              onAction={(key) => {
                if (videoRef.current) videoRef.current.playbackRate = Number(key);
              }}
            >
              {SPEEDS.map((rate) => (
                <MenuItem key={rate} id={String(rate)} className="player-menu-item">
                  {rate === 1 ? "Normal (1×)" : speedText(rate)}
                </MenuItem>
              ))}
            </Menu>
          </Popover>
        </MenuTrigger>
        {streaming.renditions.length > 0 && (
          <MenuTrigger>
            <Button className="button button-secondary player-setting">
              Quality {chosen ? renditionText(chosen) : "Auto"}
            </Button>
            <Popover placement="top" className="player-menu-popover">
              <Menu
                aria-label="Quality"
                className="player-menu"
                selectionMode="single"
                selectedKeys={[String(streaming.chosen)]}
                onAction={(key) => streaming.choose(key === "auto" ? "auto" : Number(key))}
              >
                <MenuItem id="auto" className="player-menu-item" textValue="Auto">
                  Auto{streaming.chosen === "auto" && playing ? ` (${renditionText(playing)})` : ""}
                </MenuItem>
                {streaming.renditions.map((rendition) => (
                  <MenuItem key={rendition.index} id={String(rendition.index)} className="player-menu-item">
                    {renditionText(rendition)}
                  </MenuItem>
                ))}
              </Menu>
            </Popover>
          </MenuTrigger>
        )}
        <DialogTrigger isOpen={helpOpen} onOpenChange={setHelpOpen}>
          <Button className="button button-secondary player-setting">
            <span aria-hidden="true">?</span>
            <span className="visually-hidden">Keyboard shortcuts</span>
          </Button>
          <Popover placement="top end" className="player-menu-popover">
            <Dialog className="player-shortcuts">
              <Heading slot="title" level={2}>
                Keyboard shortcuts
              </Heading>
              <p className="muted">While the video or its seek bar has the focus.</p>
              <dl>
                {SHORTCUT_HELP.map((shortcut) => (
                  <div key={shortcut.keys}>
                    <dt>
                      <kbd>{shortcut.keys}</kbd>
                    </dt>
                    <dd>{shortcut.action}</dd>
                  </div>
                ))}
              </dl>
            </Dialog>
          </Popover>
        </DialogTrigger>
      </div>
    </div>
  );
}

// The player's keyboard shortcuts, the ones learners know from the big video sites.

export type PlayerCommand =
  | { kind: "toggle-play" }
  | { kind: "seek"; bySeconds: number }
  | { kind: "toggle-captions" }
  | { kind: "toggle-fullscreen" }
  | { kind: "toggle-mute" }
  | { kind: "show-shortcuts" };

/** What the help lists, in this order. */
export const SHORTCUT_HELP: readonly { keys: string; action: string }[] = [
  { keys: "Space or K", action: "Play or pause" },
  { keys: "J / L", action: "Back or forward 10 seconds" },
  { keys: "← / →", action: "Back or forward 5 seconds" },
  { keys: "C", action: "Captions on or off" },
  { keys: "F", action: "Full screen" },
  { keys: "M", action: "Mute" },
  { keys: "?", action: "These shortcuts" },
];

/**
 * The command of a key pressed in the player, null for others. Space and the arrows belong to the
 * player only while the video itself or its seek bar has the focus (the bar's arrows then step as
 * the video's do): on the player's buttons and menus they press and move as everywhere.
 */
export function commandOfKey(key: string, onVideo: boolean): PlayerCommand | null {
  switch (key) {
    case " ":
      return onVideo ? { kind: "toggle-play" } : null;
    case "ArrowLeft":
      return onVideo ? { kind: "seek", bySeconds: -5 } : null;
    case "ArrowRight":
      return onVideo ? { kind: "seek", bySeconds: 5 } : null;
    case "k":
    case "K":
      return { kind: "toggle-play" };
    case "j":
    case "J":
      return { kind: "seek", bySeconds: -10 };
    case "l":
    case "L":
      return { kind: "seek", bySeconds: 10 };
    case "c":
    case "C":
      return { kind: "toggle-captions" };
    case "f":
    case "F":
      return { kind: "toggle-fullscreen" };
    case "m":
    case "M":
      return { kind: "toggle-mute" };
    case "?":
      return { kind: "show-shortcuts" };
    default:
      return null;
  }
}

// Who may see and end a support view: the account it showed, the admin who started it, and the
// support view itself (its read-only token may end it).
import type { SupportView } from "../../generated/prisma/client.ts";
import { anyOf, type Action, type Predicate } from "../../platform/policy.ts";

const isViewedAccount: Predicate<SupportView> = (context, view) => context.viewer?.userId === view.userId;

/** In person: inside a support view, the viewer is the account shown, not the admin. */
const isItsAdmin: Predicate<SupportView> = (context, view) => context.viewer?.userId === view.adminId && !context.viewer.supportView;

const isThisView: Predicate<SupportView> = (context, view) => context.viewer?.supportView?.id === view.id;

export const supportViewPolicy = {
  read: {
    allows: anyOf(isViewedAccount, isItsAdmin, isThisView),
    refusal: { message: "Only the account it showed and the admin who started it may see a support view." },
  },
  end: { allows: anyOf(isItsAdmin, isThisView), refusal: { message: "Only the admin who started a support view may end it." } },
} satisfies Record<string, Action<SupportView>>;

import type { Role } from "../gql/graphql";
import { roleMayEnter, type Area } from "./access";
import { MY_LEARNING_PATH, PARTNERS_PATH } from "./paths";

interface NavigationItem {
  to: string;
  label: string;
  area: Area;
  /** Narrower than the area when the entry only makes sense to some roles. */
  onlyFor?: readonly Role[];
}

const SIGNED_IN_ITEMS: readonly NavigationItem[] = [
  { to: MY_LEARNING_PATH, label: "My learning", area: "account" },
  { to: "/teach/apply", label: "Teach", area: "instructorApplication", onlyFor: ["STUDENT"] },
  { to: "/teach/courses", label: "Teaching", area: "teaching" },
  { to: PARTNERS_PATH, label: "Partner API", area: "teaching" },
  { to: "/admin/applications", label: "Applications", area: "administration" },
  { to: "/admin/users", label: "Users", area: "administration" },
];

export function navigationFor(role: Role): NavigationItem[] {
  return SIGNED_IN_ITEMS.filter(
    (item) => roleMayEnter(role, item.area) && (!item.onlyFor || item.onlyFor.includes(role)),
  );
}

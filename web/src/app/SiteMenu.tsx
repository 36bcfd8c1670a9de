import { useHref, useLocation, useNavigate } from "react-router";
import {
  Button,
  Menu,
  MenuItem,
  MenuSection,
  MenuTrigger,
  Popover,
  RouterProvider,
  Separator,
} from "react-aria-components";
import type { SessionState } from "../auth/sessionStore";
import { Avatar } from "../components/Avatar";
import { PURCHASES_PATH } from "./paths";

interface SiteMenuProps {
  links: readonly { to: string; label: string }[];
  session: SessionState;
  onSignOut: () => void;
}

/**
 * The header's links and account actions behind one button, for narrow screens (styles.css shows
 * either this or the full header). React Aria's menu: arrow keys move, Escape closes and gives
 * the focus back to the button; its links navigate inside the app, so blockers still ask first.
 */
export function SiteMenu({ links, session, onSignOut }: SiteMenuProps) {
  const { user } = session;
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const currentPageMark = (to: string) =>
    pathname === to || pathname.startsWith(`${to}/`) ? <span className="visually-hidden"> (this page)</span> : null;
  const itemClass = (to: string) =>
    pathname === to || pathname.startsWith(`${to}/`) ? "site-menu-item site-menu-item-current" : "site-menu-item";

  return (
    <RouterProvider navigate={(to) => void navigate(to)} useHref={useHref}>
      <MenuTrigger>
        <Button className="button button-secondary site-menu-button">
          <svg aria-hidden="true" viewBox="0 0 20 20" width="20" height="20">
            <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          Menu
        </Button>
        <Popover placement="bottom end" className="site-menu-popover">
          <Menu aria-label="Menu" className="site-menu">
            <MenuSection aria-label="Pages">
              {links.map((link) => (
                <MenuItem key={link.to} href={link.to} className={itemClass(link.to)} textValue={link.label}>
                  {link.label}
                  {currentPageMark(link.to)}
                </MenuItem>
              ))}
            </MenuSection>
            <Separator className="site-menu-separator" />
            <MenuSection aria-label="Account">
              {session.status === "restoring" ? (
                <MenuItem className="site-menu-item" isDisabled>
                  Checking your session…
                </MenuItem>
              ) : user ? (
                <>
                  <MenuItem
                    href="/account/profile"
                    className={itemClass("/account/profile")}
                    textValue={`Your profile: ${user.profile.displayName}`}
                  >
                    <Avatar name={user.profile.displayName} url={user.profile.avatarUrl} />
                    <span>
                      <span className="visually-hidden">Your profile: </span>
                      {user.profile.displayName}
                      {currentPageMark("/account/profile")}
                    </span>
                  </MenuItem>
                  <MenuItem href={PURCHASES_PATH} className={itemClass(PURCHASES_PATH)} textValue="Purchases">
                    Purchases
                    {currentPageMark(PURCHASES_PATH)}
                  </MenuItem>
                  <MenuItem className="site-menu-item" onAction={onSignOut}>
                    Sign out
                  </MenuItem>
                </>
              ) : (
                <>
                  <MenuItem href="/sign-in" className={itemClass("/sign-in")}>
                    Sign in
                  </MenuItem>
                  <MenuItem href="/sign-up" className={itemClass("/sign-up")}>
                    Sign up
                  </MenuItem>
                </>
              )}
            </MenuSection>
          </Menu>
        </Popover>
      </MenuTrigger>
    </RouterProvider>
  );
}

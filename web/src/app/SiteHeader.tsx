import { useEffect, useState } from "react";
import { Link, NavLink, useLocation, useNavigate } from "react-router";
import { signOut } from "../auth/session";
import { useSession } from "../auth/useSession";
import { Avatar } from "../components/Avatar";
import { NotificationsMenu } from "../pages/community/NotificationsMenu";
import { SITE_NAME } from "../hooks/usePageTitle";
import { navigationFor } from "./navigation";
import { PURCHASES_PATH } from "./paths";
import { SiteMenu } from "./SiteMenu";
import { useConfirmLosingChanges } from "./UnsavedChanges";
import { UploadIndicator } from "./UploadIndicator";

const CATALOG_LINK = { to: "/courses", label: "Courses" };

export function SiteHeader() {
  const session = useSession();
  const navigate = useNavigate();
  const confirmLosingChanges = useConfirmLosingChanges();
  const { pathname } = useLocation();
  const [signingOut, setSigningOut] = useState(false);

  // Only once the catalog has replaced a guarded page: signed out, that page would redirect to Sign in.
  useEffect(() => {
    if (!signingOut || pathname !== CATALOG_LINK.to) return;
    setSigningOut(false);
    void signOut();
  }, [signingOut, pathname]);

  const handleSignOut = async () => {
    // Signing out drops the teaching and account pages' forms: ask before, never after.
    if (!(await confirmLosingChanges("Sign out"))) return;
    setSigningOut(true);
    void navigate(CATALOG_LINK.to);
  };
  const links = [CATALOG_LINK, ...(session.user ? navigationFor(session.user.role) : [])];

  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/courses" className="brand">
          {SITE_NAME}
        </Link>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {links.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <UploadIndicator />
        <div className="account-nav">
          {session.status === "signedIn" && (
            <>
              <NavLink to={PURCHASES_PATH}>Purchases</NavLink>
              <NavLink to="/account/profile" className="account-name">
                <Avatar name={session.user.profile.displayName} url={session.user.profile.avatarUrl} />
                <span className="visually-hidden">Your profile: </span>
                {session.user.profile.displayName}
              </NavLink>
              <button type="button" className="button button-ghost" onClick={() => void handleSignOut()}>
                Sign out
              </button>
            </>
          )}
          {session.status === "signedOut" && (
            <>
              <NavLink to="/sign-in">Sign in</NavLink>
              <Link to="/sign-up" className="button button-primary">
                Sign up
              </Link>
            </>
          )}
        </div>
        {/* Beside the menu, not in the account links: on a phone it stays in sight. */}
        {session.status === "signedIn" && <NotificationsMenu />}
        <SiteMenu links={links} session={session} onSignOut={() => void handleSignOut()} />
      </div>
    </header>
  );
}

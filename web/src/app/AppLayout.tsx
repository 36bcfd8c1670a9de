import { Suspense, useEffect, useRef } from "react";
import { Outlet, useLocation } from "react-router";
import { LoadingState } from "../components/states/LoadingState";
import { VideoUploadsProvider } from "../uploads/VideoUploadsProvider";
import { SiteHeader } from "./SiteHeader";
import { SupportViewBanner } from "./SupportViewBanner";
import { UnsavedChangesGuard } from "./UnsavedChanges";

export function AppLayout() {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const previousPathname = useRef(pathname);

  // After client-side navigation, start keyboard and screen-reader users at
  // the new content instead of wherever the old page left focus.
  useEffect(() => {
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    mainRef.current?.focus();
  }, [pathname]);

  return (
    <VideoUploadsProvider>
      <UnsavedChangesGuard>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SupportViewBanner />
        <SiteHeader />
        <main id="main" ref={mainRef} tabIndex={-1} className="main">
          <Suspense fallback={<LoadingState label="Loading page…" />}>
            <Outlet />
          </Suspense>
        </main>
        <footer className="site-footer">
          <p>Learn at your own pace.</p>
        </footer>
      </UnsavedChangesGuard>
    </VideoUploadsProvider>
  );
}

import { lazy } from "react";
import { Navigate, createBrowserRouter } from "react-router";
import CatalogPage from "../pages/catalog/CatalogPage";
import RouteErrorPage from "../pages/errors/RouteErrorPage";
import { AppLayout } from "./AppLayout";
import { GuestOnly } from "./GuestOnly";
import { PARTNERS_PATH } from "./paths";
import { prefetchCourse } from "./prefetch";
import { RequireRole } from "./RequireRole";

// Each page is its own chunk, loaded on its first visit; except the catalog, where most visits
// start: it comes with the shell, so its query starts without waiting for another file.
const CoursePage = lazy(() => import("../pages/catalog/CoursePage"));
const SignInPage = lazy(() => import("../pages/account/SignInPage"));
const SignUpPage = lazy(() => import("../pages/account/SignUpPage"));
const ForgotPasswordPage = lazy(() => import("../pages/account/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("../pages/account/ResetPasswordPage"));
const VerifyEmailPage = lazy(() => import("../pages/account/VerifyEmailPage"));
const ProfilePage = lazy(() => import("../pages/account/ProfilePage"));
const InstructorApplicationPage = lazy(
  () => import("../pages/account/InstructorApplicationPage"),
);
const MyLearningPage = lazy(() => import("../pages/learning/MyLearningPage"));
const CoursePlayerPage = lazy(() => import("../pages/learning/CoursePlayerPage"));
const QuizPage = lazy(() => import("../pages/learning/QuizPage"));
const CourseQuestionsPage = lazy(() => import("../pages/community/CourseQuestionsPage"));
const PurchasesPage = lazy(() => import("../pages/billing/PurchasesPage"));
const PurchaseReturnPage = lazy(() => import("../pages/billing/PurchaseReturnPage"));
const TeachingCoursesPage = lazy(() => import("../pages/teaching/TeachingCoursesPage"));
const CreateCoursePage = lazy(() => import("../pages/teaching/CreateCoursePage"));
const CourseEditorPage = lazy(() => import("../pages/teaching/CourseEditorPage"));
const CourseAnalyticsPage = lazy(() => import("../pages/teaching/analytics/CourseAnalyticsPage"));
const PartnerPage = lazy(() => import("../pages/partners/PartnerPage"));
const ApplicationReviewPage = lazy(() => import("../pages/admin/ApplicationReviewPage"));
const UsersPage = lazy(() => import("../pages/admin/UsersPage"));
const NotFoundPage = lazy(() => import("../pages/errors/NotFoundPage"));

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <Navigate to="/courses" replace /> },
          { path: "courses", element: <CatalogPage /> },
          { path: "courses/:slug", element: <CoursePage />, loader: prefetchCourse },
          {
            element: <GuestOnly />,
            children: [
              { path: "sign-in", element: <SignInPage /> },
              { path: "sign-up", element: <SignUpPage /> },
            ],
          },
          { path: "forgot-password", element: <ForgotPasswordPage /> },
          { path: "reset-password", element: <ResetPasswordPage /> },
          { path: "verify-email", element: <VerifyEmailPage /> },
          {
            element: <RequireRole area="account" />,
            children: [
              { path: "account/profile", element: <ProfilePage /> },
              { path: "learn", element: <MyLearningPage /> },
              { path: "learn/courses/:courseId", element: <CoursePlayerPage /> },
              { path: "learn/courses/:courseId/videos/:videoId", element: <CoursePlayerPage /> },
              { path: "learn/courses/:courseId/quizzes/:quizId", element: <QuizPage /> },
              { path: "learn/courses/:courseId/questions", element: <CourseQuestionsPage /> },
              { path: "purchases", element: <PurchasesPage /> },
              { path: "purchases/:paymentId", element: <PurchaseReturnPage /> },
            ],
          },
          {
            element: <RequireRole area="instructorApplication" />,
            children: [{ path: "teach/apply", element: <InstructorApplicationPage /> }],
          },
          {
            element: <RequireRole area="teaching" />,
            children: [
              { path: "teach/courses", element: <TeachingCoursesPage /> },
              { path: "teach/courses/new", element: <CreateCoursePage /> },
              { path: "teach/courses/:courseId/edit", element: <CourseEditorPage /> },
              { path: "teach/courses/:courseId/analytics", element: <CourseAnalyticsPage /> },
              { path: PARTNERS_PATH.slice(1), element: <PartnerPage /> },
            ],
          },
          {
            element: <RequireRole area="administration" />,
            children: [
              { path: "admin/applications", element: <ApplicationReviewPage /> },
              { path: "admin/users", element: <UsersPage /> },
            ],
          },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

import { Tab, TabList, TabPanel, Tabs } from "react-aria-components";
import { CourseCouponsPanel } from "./CourseCouponsPanel";
import { CoursePaymentsPanel } from "./CoursePaymentsPanel";
import { CourseStudentsPanel } from "./CourseStudentsPanel";

/**
 * For the course's owner and admins: its learners, its payments and its coupons, one tab each.
 * Every panel stays mounted (hidden when not chosen), so what is typed in one is still there
 * after a look at another.
 */
export function CourseSalesTabs({ courseId, currency }: { courseId: string; currency: string }) {
  return (
    <Tabs className="editor-tabs">
      <TabList aria-label="Learners and sales" className="tab-list">
        <Tab id="students" className="tab">
          Students
        </Tab>
        <Tab id="payments" className="tab">
          Payments
        </Tab>
        <Tab id="coupons" className="tab">
          Coupons
        </Tab>
      </TabList>
      <TabPanel id="students" className="tab-panel" shouldForceMount>
        <CourseStudentsPanel courseId={courseId} />
      </TabPanel>
      <TabPanel id="payments" className="tab-panel" shouldForceMount>
        <CoursePaymentsPanel courseId={courseId} />
      </TabPanel>
      <TabPanel id="coupons" className="tab-panel" shouldForceMount>
        <CourseCouponsPanel courseId={courseId} currency={currency} />
      </TabPanel>
    </Tabs>
  );
}

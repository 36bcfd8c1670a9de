import { useApolloClient } from "@apollo/client/react";
import { Tab, TabList, TabPanel, Tabs, type Key } from "react-aria-components";
import { CourseCouponsPanel } from "./CourseCouponsPanel";
import { CoursePaymentsPanel } from "./CoursePaymentsPanel";
import { CourseStudentsPanel } from "./CourseStudentsPanel";
import { CourseTutorPanel } from "./CourseTutorPanel";

const TAB_QUERIES = { students: "CourseStudents", payments: "CoursePayments", coupons: "CourseCoupons", tutor: "CourseTutorUsage" } as const;

/**
 * For the course's owner and admins: its learners, its payments, its coupons and what its tutor
 * was asked and cost, one tab each.
 * Every panel stays mounted (hidden when not chosen), so what is typed in one is still there
 * after a look at another. Choosing a tab reloads its list: a refund ends an enrollment a moment
 * after it is made, and learners buy and ask meanwhile.
 */
export function CourseSalesTabs({ courseId, currency }: { courseId: string; currency: string }) {
  const client = useApolloClient();
  const reload = (tab: Key) => {
    void client.refetchQueries({ include: [TAB_QUERIES[tab as keyof typeof TAB_QUERIES]] });
  };
  return (
    <Tabs className="editor-tabs" onSelectionChange={reload}>
      <TabList aria-label="Learners, sales and the tutor" className="tab-list">
        <Tab id="students" className="tab">
          Students
        </Tab>
        <Tab id="payments" className="tab">
          Payments
        </Tab>
        <Tab id="coupons" className="tab">
          Coupons
        </Tab>
        <Tab id="tutor" className="tab">
          Tutor
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
      <TabPanel id="tutor" className="tab-panel" shouldForceMount>
        <CourseTutorPanel courseId={courseId} />
      </TabPanel>
    </Tabs>
  );
}

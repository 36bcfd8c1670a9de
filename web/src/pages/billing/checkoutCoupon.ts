// The coupon a visitor typed on a course page, kept for the tab's session: it is still there after
// signing in to buy, and when they come back from the payment page.
const keyOf = (courseId: string) => `lms.checkoutCoupon.${courseId}`;

export function savedCoupon(courseId: string): string {
  try {
    return sessionStorage.getItem(keyOf(courseId)) ?? "";
  } catch {
    return "";
  }
}

export function saveCoupon(courseId: string, code: string): void {
  try {
    if (code) sessionStorage.setItem(keyOf(courseId), code);
    else sessionStorage.removeItem(keyOf(courseId));
  } catch {
    // Storage disabled: the field keeps the code while the page stays open.
  }
}

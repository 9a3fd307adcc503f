-- 0054-coupon-issue-permission.sql — a coupon is money at the till: issuing
-- coupons by hand or to a campaign's members (src/coupon.c) is a privileged
-- action a supervisor or manager approves with their own credential, both
-- names recorded. A store may move it with `mallposctl staff permit|forbid`.
INSERT INTO role_permissions (role, action) VALUES
  ('manager', 'coupon_issue'),
  ('supervisor', 'coupon_issue');

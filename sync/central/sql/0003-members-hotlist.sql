-- 0003-members-hotlist.sql — what the pull streams `members` and `hotlist`
-- serve (PROTOCOL.md sections 5.5 and 5.6). A member is keyed by its global
-- id (uid); its profile is the one its terminals last sent beside a member
-- entry. member_accounts says which terminal-local ledger account
-- ("S001/T01#member:42") belongs to which member, so the centre can sum a
-- member's balance over every terminal that sold to them. Change numbers
-- are taken under one advisory lock held to commit, so they commit in order
-- and a pull cursor never passes a change still to commit.
CREATE SEQUENCE member_change;
CREATE TABLE members (
  uid     text PRIMARY KEY,
  home    bigint NOT NULL REFERENCES terminals (id),  -- the terminal that sent it first
  profile jsonb NOT NULL,
  change  bigint NOT NULL UNIQUE
);

CREATE TABLE member_accounts (
  account  text PRIMARY KEY,
  terminal bigint NOT NULL REFERENCES terminals (id),
  uid      text NOT NULL
);
CREATE INDEX member_accounts_uid ON member_accounts (uid, terminal);

-- kind 'card': value is a card number; kind 'member': a member's uid.
-- A row unblocked again stays, with blocked = false, so terminals hear it.
CREATE SEQUENCE hotlist_change;
CREATE TABLE hotlist (
  kind    text NOT NULL CHECK (kind = 'card' OR kind = 'member'),
  value   text NOT NULL,
  blocked boolean NOT NULL,
  reason  text NOT NULL,
  change  bigint NOT NULL UNIQUE,
  PRIMARY KEY (kind, value)
);

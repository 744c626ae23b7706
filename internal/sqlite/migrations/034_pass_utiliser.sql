-- PostgreSQL's migration 034 creates pass_utiliser, a redemption in one
-- round trip to the server. SQLite runs in the process: its redemption
-- stays the store's statements (accountsql.Redeem), prepared once. Nothing
-- to change here; the number is kept so that both engines count alike.
SELECT 1;

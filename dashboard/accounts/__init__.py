"""CM.com accounts: the encrypted product token, test connection, add_account."""

"""What every area uses: clear 4xx errors, paging and versioned updates, the
audit trail, the database helpers and the allowed values of each column."""

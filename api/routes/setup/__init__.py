"""Routes for CSV import."""

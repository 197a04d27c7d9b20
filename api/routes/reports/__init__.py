"""Routes of the reports area: each report as JSON (figures, charts, tables) and as CSV."""

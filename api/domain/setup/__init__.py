"""Getting an agency started: the synthetic demo agency, its benchmark, and
CSV import of clients, carers and defaults."""

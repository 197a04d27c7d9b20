"""Reports and management information (issue 13): one module per report, each computing its
figures from the real records (calls, assignments, check-in/out, end-of-shift mileage, the
optimiser's travel model) through `call_facts`, never from stored totals."""

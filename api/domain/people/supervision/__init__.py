"""Supervisions, spot checks and appraisals of carers (issue 11 point 8): each kind falls due at
the agency's interval after the last one held (schedule.py); records are scheduled, booked (a
spot check on one of the carer's coming calls, spot_checks.py), then recorded with the observer,
outcome, notes and actions (records.py); the due list mixes open records with the next ones the
settings make due (due_list.py); CSV export (export.py); a carer's own view (mine.py)."""

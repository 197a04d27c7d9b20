"""Urgent response and out of hours: a pendant alarm, a fall or a short-notice need logged by
the office, the carers who could be there soonest, offers they accept or decline from the phone,
and how fast the agency answered."""

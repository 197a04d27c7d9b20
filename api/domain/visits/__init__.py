"""What carers record at calls, made safe for an offline outbox: check-in and
out, tasks, notes, incidents, end of shift, and the call detail a carer reads."""

"""Routes of the carer's phone app: runs, calls and what carers record."""

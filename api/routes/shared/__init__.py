"""Routes that belong to no single area: health, the audit trail, and the
query parameters every list shares."""

"""The people the agency cares for: client records, care plans with their
tasks, and client defaults (the standing weekly pattern of calls)."""

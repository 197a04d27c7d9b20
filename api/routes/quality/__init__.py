"""Routes of the quality area: communications log, handover, complaints and compliments."""

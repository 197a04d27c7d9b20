"""Quality: the communications log, the morning handover, complaints and compliments."""

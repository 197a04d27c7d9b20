"""Turning defaults into calls and calls into runs: call generation, the
planner's board and commands, the optimiser adapter and jobs, publishing, on-call, live today."""

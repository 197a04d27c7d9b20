"""Routes for the planner's board, optimise jobs, publishing, runs, on-call
and live today."""

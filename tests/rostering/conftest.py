from tests.support.solver_workers import solver_queue  # noqa: F401  (a fixture)

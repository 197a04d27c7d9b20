"""One solve in a forked child process, watched from the worker's event loop.

In a thread the solver competes for the GIL with the loop that writes the job's heartbeat,
progress and stop requests; on a starved 2-core machine the loop was seen frozen for over
30 s (progress stuck at "0 solutions", the job then failed as abandoned). In a child process
the loop never waits on the solver. Progress comes back through shared counters, Stop through
a shared event, and the plan through a pipe.
"""

from __future__ import annotations

import asyncio
import ctypes
import math
import multiprocessing as mp
import signal

from api.solver import Plan, Problem, Progress, solve
from api.solver.cover import replan
from api.solver.goal_costs import goal_costs, lean_options, travel_only


def _die_with_parent() -> None:
    """A worker killed with -9 must not leave its solve running (Linux: PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


_FORK = mp.get_context("fork")


def stop_event():
    """An event the worker sets and a forked solve sees (the planner's Stop)."""
    return _FORK.Event()


def _optimise(problem: Problem, options, on_progress) -> Plan:
    """The draft, then (in the same budget) a short travel-only solve of the day: what the soft
    goals cost in travel goes in ``plan.stats["goal_costs"]`` (none when stopped early, or when the
    agency's weights are all zero)."""
    lean_problem = travel_only(problem)
    if lean_problem.weights == problem.weights:
        return solve(problem, options, on_progress)
    main, lean = lean_options(options)
    plan = solve(problem, main, on_progress)
    if plan.stats.get("stopped") or (options.should_stop is not None and options.should_stop()):
        return plan
    lean_plan = solve(lean_problem, lean)
    if not (options.should_stop is not None and options.should_stop()):  # a cut-short comparison says nothing
        plan.stats["goal_costs"] = goal_costs(problem, plan, lean_plan)
    return plan


class SolveInChild:
    def __init__(self, stop) -> None:
        self._ctx = _FORK
        self.stop = stop
        self._solutions = self._ctx.Value("i", 0)
        self._best = self._ctx.Value("d", math.nan)

    @property
    def solutions(self) -> int:
        return self._solutions.value

    @property
    def best_objective(self) -> float | None:
        best = self._best.value
        return None if math.isnan(best) else best

    def _child(self, conn, kind: str, problem: Problem, before: Plan, options) -> None:
        def on_progress(p: Progress) -> None:
            self._solutions.value += 1
            if p.best_objective is not None:
                self._best.value = p.best_objective

        _die_with_parent()
        options.should_stop = self.stop.is_set
        try:
            plan = replan(problem, before, options).plan if kind == "cover" else _optimise(problem, options, on_progress)
            conn.send(("plan", plan.to_dict()))
        except BaseException as exc:  # noqa: BLE001 - the parent reports it on the job
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        finally:
            conn.close()

    async def run(self, kind: str, problem: Problem, before: Plan, options) -> Plan:
        """The plan of one solve; raises RuntimeError if the child failed or died."""
        receive, send = self._ctx.Pipe(duplex=False)
        child = self._ctx.Process(target=self._child, args=(send, kind, problem, before, options), daemon=True)
        child.start()
        send.close()
        try:
            what, value = await asyncio.to_thread(receive.recv)
        except EOFError:
            raise RuntimeError(f"the solver process ended without a plan (exit code {child.exitcode})") from None
        finally:
            receive.close()
            await asyncio.to_thread(child.join)
        if what == "error":
            raise RuntimeError(value)
        return Plan.from_dict(value)

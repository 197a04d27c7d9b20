"""The `carerun` command: serve, migrate, demo, import, createadmin, up, bench, loadtest, worker."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

import api  # noqa: F401  (sets PICCOLO_CONF)


def _whole_number(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, not {value}")
        return value

    return parse


worker_count = _whole_number(1, 64)  # --workers: server processes
in_flight_limit = _whole_number(1, 10_000)  # --max-in-flight: per process


def _serving_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=worker_count, default=os.cpu_count() or 1,
                        help="server processes (default: one per core)")
    parser.add_argument("--max-in-flight", type=in_flight_limit, default=None,
                        help="requests worked on at once per process before answering 503 "
                             "(default: CARERUN_MAX_IN_FLIGHT or 32)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="carerun", description="Carerun: home care rostering")
    sub = p.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the API and the app")
    _serving_options(serve)

    up = sub.add_parser("up", help="migrate, seed the demo agency if empty, then serve")
    _serving_options(up)
    up.add_argument("--password", default="carerun-demo", help="password of the demo users (10+ characters)")
    up.add_argument("--short-staffed", action="store_true",
                    help="a demo agency short of trained carers (some calls stay unallocated)")

    migrate = sub.add_parser("migrate", help="apply (or undo) database migrations")
    migrate.add_argument("--backwards", action="store_true", help="undo every migration")

    demo = sub.add_parser("demo", help="build the synthetic demo agency in an empty database")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--clients", type=int, default=60)
    demo.add_argument("--carers", type=int, default=16)
    demo.add_argument("--password", default="carerun-demo", help="password of the demo users (10+ characters)")
    demo.add_argument("--short-staffed", action="store_true",
                      help="too few carers hold the skills the calls need: the hard case, some calls unallocated")

    imp = sub.add_parser("import", help="import a CSV file: all rows or none")
    imp.add_argument("kind", choices=["clients", "carers", "defaults"])
    imp.add_argument("file", type=Path)

    admin = sub.add_parser("createadmin", help="create the first admin user of a real install")
    admin.add_argument("--username", default="admin")
    admin.add_argument("--password", help="read from the terminal when not given")

    bench = sub.add_parser("bench", help="solver benchmark (see --help)", add_help=False)
    bench.add_argument("rest", nargs=argparse.REMAINDER)

    worker = sub.add_parser("worker", help="solve Optimise and cover jobs from the PostgreSQL queue")
    worker.add_argument("--concurrency", type=worker_count, default=1,
                        help="jobs solved at once (each takes a core)")

    from api.loadtest import add_arguments as loadtest_arguments

    loadtest = sub.add_parser("loadtest", help="drive a running server at fixed rates; print p50/p95/p99")
    loadtest_arguments(loadtest)
    return p


async def _print_logins(password: str) -> None:
    """Every demo login in full: user name, role and name (all share the demo password)."""
    from api.domain.tables import User

    users = await User.select(User.username, User.role, User.display_name).where(
        User.active == True).order_by(User.id)  # noqa: E712
    print(f"Demo logins (password for all: {password}):")
    for u in users:
        print(f"  {u['username']:<12} {u['role']:<8} {u['display_name']}")


async def _migrate(backwards: bool = False) -> None:
    from api.domain.shared.db import migrate_backwards, migrate_forwards

    await (migrate_backwards() if backwards else migrate_forwards())


async def _demo(seed: int, clients: int, carers: int, password: str, only_if_empty: bool,
                short_staffed: bool = False) -> int:
    from api.domain.people.users import check_password
    from api.domain.setup.demo import build_demo, is_empty

    try:
        check_password(password)  # the demo's users are real accounts on a real server
    except Exception as exc:  # noqa: BLE001 - report the rule plainly
        print(f"demo password: {getattr(exc, 'detail', exc)}", file=sys.stderr)
        return 1
    await _migrate()
    if not await is_empty():
        if only_if_empty:
            return 0
        print("The database already holds data; the demo agency is only built in an empty one.",
              file=sys.stderr)
        return 1
    summary = await build_demo(seed=seed, clients=clients, carers=carers, password=password,
                               short_staffed=short_staffed)
    print(f"Demo agency (seed {seed}{', short-staffed' if short_staffed else ''}): {summary['clients']} clients, "
          f"{summary['carers']} carers, {summary['calls']} calls this week and next, {summary['assigned']} "
          f"allocations ({summary['unallocated_calls']} calls left for the planner); the rolling rota made "
          f"{summary['rolled_calls']} more calls for the four weeks ahead.")
    await _print_logins(password)
    return 0


async def _import(kind: str, path: Path) -> int:
    from api.domain.setup.csv_import import ImportFailed, import_csv

    await _migrate()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {path}: {exc}", file=sys.stderr)
        return 2
    try:
        result = await import_csv(kind, text)
    except ImportFailed as failed:
        for e in failed.errors:
            print(f"{path}:{e.line}: {e.field}: {e.reason}", file=sys.stderr)
        print(f"{len(failed.errors)} error(s); nothing was imported.", file=sys.stderr)
        return 1
    print(f"Imported {result['imported']} {kind}.")
    return 0


async def _createadmin(username: str, password: str | None) -> int:
    from api.domain.people.users import create_user

    await _migrate()
    password = password or getpass.getpass("Password for %s: " % username)
    try:
        await create_user(username, password, "admin", "Administrator")
    except Exception as exc:  # noqa: BLE001 - report validation and conflicts plainly
        print(f"cannot create {username}: {getattr(exc, 'detail', exc)}", file=sys.stderr)
        return 1
    print(f"Admin '{username}' created.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    asyncio.run(_migrate())
    if args.max_in_flight:
        os.environ["CARERUN_MAX_IN_FLIGHT"] = str(args.max_in_flight)  # read by each process
    print(f"Carerun on http://{args.host}:{args.port}/  (API docs: http://{args.host}:{args.port}/schema), "
          f"{args.workers} worker process(es)", flush=True)
    # Several processes need the app as an import string: each imports and builds its own.
    uvicorn.run("api.asgi:app", host=args.host, port=args.port, workers=args.workers,
                log_level="warning", access_log=False)
    return 0


def _worker(concurrency: int) -> int:
    from api.domain.shared.db import is_postgres

    if not is_postgres():
        print("carerun worker takes jobs from the PostgreSQL queue; with SQLite the server starts "
              "a worker process per job itself (set DATABASE_URL to a PostgreSQL database).", file=sys.stderr)
        return 2
    from api.domain.rostering.job_queue import run_queue_worker

    asyncio.run(_migrate())
    print(f"Carerun solver worker: taking jobs from the queue ({concurrency} at a time)", flush=True)
    asyncio.run(run_queue_worker(concurrency))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"] and "--urgent" in argv:
        from api.domain.urgent.bench import main as urgent_bench_main

        return urgent_bench_main(argv[1:])
    if argv[:1] == ["bench"] and any(a.startswith("--demo") for a in argv):
        from api.domain.setup.demo_bench import main as demo_bench_main

        return demo_bench_main(argv[1:])
    if argv[:1] == ["bench"] and any(a.startswith("--mankowska") for a in argv):
        from api.solver.mankowska import main as mankowska_main

        return mankowska_main(argv[1:])
    if argv[:1] == ["bench"]:  # the benchmark parses its own options
        from api.solver.bench import main as bench_main

        return bench_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "up":
        code = asyncio.run(_demo(1, 60, 16, args.password, only_if_empty=True, short_staffed=args.short_staffed))
        if code != 0:
            return code
        return _serve(args)
    if args.command == "worker":
        return _worker(args.concurrency)
    if args.command == "loadtest":
        from api.loadtest import main as loadtest_main

        return loadtest_main(args)
    if args.command == "migrate":
        asyncio.run(_migrate(args.backwards))
        print("Migrations undone." if args.backwards else "Database is up to date.")
        return 0
    if args.command == "demo":
        return asyncio.run(_demo(args.seed, args.clients, args.carers, args.password, False, args.short_staffed))
    if args.command == "import":
        return asyncio.run(_import(args.kind, args.file))
    if args.command == "createadmin":
        return asyncio.run(_createadmin(args.username, args.password))
    return 2


if __name__ == "__main__":
    sys.exit(main())

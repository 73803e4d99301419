"""The `obeya` command.

App commands (serve, migrate, demo, createuser, worker) start Django; analysis commands, added by
later modules, load only `obeya.core` and never Django, so they start fast on big files.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "obeya.site.settings")
    import django

    django.setup()


def _call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def cmd_migrate(args: argparse.Namespace) -> int:
    _django()
    _call("migrate", "--noinput", *(["-v", "0"] if args.quiet else []))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _django()
    _call("migrate", "--noinput", "-v", "0")
    from obeya.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo

    def report(done: int, total: int, message: str) -> None:
        if not args.quiet:
            print(f"[{done}/{total}] {message}", flush=True)

    summary = load_demo(language=args.lang, report=report)
    print(
        f"Demo company: {summary['company']} ({summary['people']} people, "
        f"{summary['projects']} project, {summary['actions']} actions)"
    )
    print(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role in DEMO_USERS:
        print(f"  {username:<14} {role}")
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    _django()
    import getpass

    from obeya.accounts.services import user_create

    password = args.password or os.environ.get("OBEYA_PASSWORD")
    if not password:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            print("The passwords differ.", file=sys.stderr)
            return 1
    from django.core.exceptions import ValidationError

    try:
        user = user_create(
            username=args.username,
            email=args.email or "",
            password=password,
            superuser=args.superuser,
            site_admin=args.site_admin,
        )
    except ValidationError as exc:
        for message in exc.messages:
            print(f"error: {message}", file=sys.stderr)
        return 1
    print(f"Created user {user.get_username()}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    from django.conf import settings

    _call("migrate", "--noinput", "-v", "0")
    if settings.DEBUG and not args.production:
        _call("runserver", f"{args.host}:{args.port}", "--noreload")
        return 0
    _call("collectstatic", "--noinput", "-v", "0")
    import waitress

    from obeya.site.wsgi import application

    print(f"Obeya serving on http://{args.host}:{args.port} (waitress, {args.threads} threads)")
    waitress.serve(application, host=args.host, port=args.port, threads=args.threads)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _django()
    from obeya.jobs.runner import work

    done = work(once=args.once)
    print(f"{done} job(s) run.")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    _django()
    _call("action_digest", *(["--dry-run"] if args.dry_run else []), "--base-url", args.base_url)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["obeya manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="obeya", description="Obeya: the Lean facilitator's workspace."
    )
    parser.add_argument(
        "--version", action="version", version=f"obeya {__import__('obeya').__version__}"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "serve",
        help="run the web app",
        description="Run the web app. With OBEYA_DEBUG=0 (or --production) it "
        "serves through waitress, a production-grade WSGI server.",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--production", action="store_true", help="use waitress even when debug is on")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "migrate",
        help="create or upgrade the database",
        description="Create or upgrade the database tables.",
    )
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser(
        "demo",
        help="load the demo company (idempotent)",
        description="Load the demo company, its people and a project; running "
        "it again changes nothing.",
    )
    p.add_argument(
        "--lang",
        choices=["fr", "en"],
        default="fr",
        help="language of the demo content (default: fr)",
    )
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "createuser",
        help="create a user account",
        description="Create a user account (password from --password, OBEYA_PASSWORD or a prompt).",
    )
    p.add_argument("username")
    p.add_argument("--email")
    p.add_argument("--password")
    p.add_argument("--superuser", action="store_true", help="full rights and the admin")
    p.add_argument("--site-admin", action="store_true", help="manages the organisation and users")
    p.set_defaults(func=cmd_createuser)

    p = sub.add_parser(
        "worker",
        help="run queued background tasks",
        description="Run queued background tasks (with OBEYA_TASKS_MODE=worker).",
    )
    p.add_argument("--once", action="store_true", help="stop when the queue is empty")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser(
        "digest",
        help="e-mail subscribers their overdue and at-risk actions",
        description="E-mail each user who subscribed on their profile their overdue and "
        "at-risk actions, in their language; nobody gets an empty digest.",
    )
    p.add_argument("--dry-run", action="store_true", help="say who would get one, send nothing")
    p.add_argument("--base-url", default="", help="start of the links (default OBEYA_BASE_URL)")
    p.set_defaults(func=cmd_digest)

    import importlib
    import importlib.util

    from obeya.commands import ANALYSIS_MODULES

    for name in ANALYSIS_MODULES:
        if importlib.util.find_spec(f"obeya.commands.{name}") is not None:
            importlib.import_module(f"obeya.commands.{name}").add_parser(sub)

    p = sub.add_parser(
        "manage",
        help="run a Django management command",
        description="Run a Django management command, e.g. `obeya manage check --deploy`.",
        add_help=False,
    )
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

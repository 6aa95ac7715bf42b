"""The command line: `newsfacts serve` (and `python -m service serve`)."""

from __future__ import annotations

import argparse
import os
import sys

from service.settings import Settings


def serve(args: argparse.Namespace) -> int:
    """Run the service on granian (the ASGI server we measured fastest), settings from the environment."""
    from granian import Granian
    from granian.constants import Interfaces

    settings = Settings.from_env()
    Granian(
        target="service.app:create_app",
        factory=True,
        interface=Interfaces.ASGI,
        address=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        log_access=args.access_log,
    ).serve()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsfacts", description="A news article's facts as standard data.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="start the HTTP service (HOST, PORT, DATABASE_URL from the environment)")
    run.add_argument("--host", help="address to bind (default: HOST or 127.0.0.1)")
    run.add_argument("--port", type=int, help="port (default: PORT or 8000)")
    run.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "1")), help="worker processes")
    run.add_argument("--access-log", action="store_true", help="log every request")
    run.set_defaults(handler=serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())

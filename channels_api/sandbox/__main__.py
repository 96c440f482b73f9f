"""``python -m channels_api.sandbox``: serve the sandbox until Ctrl-C.

    python -m channels_api.sandbox [--host 127.0.0.1] [--port 8765]
        [--account ACCOUNT_ID:TOKEN]... [--latency-ms N] [--otp-code CODE]
        [--approve-after SECONDS] [--seed-scale templates=2000,numbers=1000,keywords=500]

Without ``--account`` it serves the demo account. At start it prints the base URL and every
account's id and token; ``--port 0`` picks a free port (the printed URL says which).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import uuid

from channels_api.sandbox.seed import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN, parse_scale
from channels_api.sandbox.server import create_state, make_server


def _account(text: str) -> tuple[str, str]:
    account_id, sep, token = text.partition(":")
    try:
        account_id = str(uuid.UUID(account_id.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: ACCOUNT_ID must be a uuid") from None
    if not sep or not token.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write ACCOUNT_ID:TOKEN")
    return account_id, token.strip()


def _scale(text: str) -> dict[str, int]:
    try:
        return parse_scale(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m channels_api.sandbox",
        description="A stateful stand-in for CM.com's Channels API (api.cm.com/channels/v1).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port (0 picks a free one)")
    parser.add_argument(
        "--account",
        action="append",
        type=_account,
        metavar="ACCOUNT_ID:TOKEN",
        help="an account to serve (repeatable); the demo account when none is given",
    )
    parser.add_argument("--latency-ms", type=int, default=0, help="added to every API answer")
    parser.add_argument("--otp-code", default="123456", help="the profile OTP that is accepted")
    parser.add_argument(
        "--approve-after",
        type=_non_negative,
        default=60.0,
        metavar="SECONDS",
        help="seconds until pending things move on (requests, templates, profiles)",
    )
    parser.add_argument(
        "--seed-scale",
        type=_scale,
        default={},
        metavar="templates=N,numbers=N,keywords=N,profiles=N",
        help="how many of each to seed per account",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    accounts = args.account or [(DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN)]
    state = create_state(
        accounts,
        latency_ms=max(0, args.latency_ms),
        otp_code=args.otp_code,
        approve_after=args.approve_after,
        scale=args.seed_scale,
    )
    server = make_server(args.host, args.port, state, quiet=not args.verbose)
    host = f"[{args.host}]" if ":" in args.host else args.host
    root = f"http://{host}:{server.server_port}"
    print(f"Channels API sandbox on {root}", flush=True)
    print(f"  base URL:  {root}/channels/v1", flush=True)
    for account_id, token in accounts:
        print(f"  account:   {account_id}", flush=True)
        print(f"  token:     {token}", flush=True)
    print(
        f"  OTP code:  {args.otp_code}; pending things move on after {args.approve_after:g} s",
        flush=True,
    )
    print(f"  controls:  {root}/_sandbox/health (Ctrl-C stops)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()  # werkzeug's: returns on Ctrl-C and closes the socket
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

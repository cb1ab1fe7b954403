"""`add_command`: the argparse set-up every command shares, so that their help pages look
alike (a summary line in `ivr-designer --help`, a wrapped description, and an epilog of exit
statuses and examples kept exactly as written)."""

from __future__ import annotations

import argparse
import textwrap


def add_command(
    subparsers: argparse._SubParsersAction, name: str, epilog: str, *, summary: str,
    description: str,
) -> argparse.ArgumentParser:
    return subparsers.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

"""Starting the studio: bind, print the address with its token, optionally open a browser."""

from __future__ import annotations

import os
import socket
import sys
import webbrowser
from pathlib import Path

import click

from leaflets.studio.guard import Secrets

LOCAL = "127.0.0.1"


def serve(folder: Path, host: str, port: int, brands: list[str], open_browser: bool) -> None:
    """Run the studio for ``folder`` until interrupted."""
    import uvicorn

    from leaflets.studio.app import make_app

    if host != LOCAL:
        click.echo(f"warning: listening on {host}: anyone who can reach this computer and has the address "
                   "below can read and change the topics in this folder", err=True)  # fmt: skip
    os.chdir(folder)  # brands and templates resolve as they do for the leaflets command run here
    keys = Secrets()
    with socket.socket() as probe:  # port 0: let the system choose, and print the one it chose
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            click.echo(f"cannot listen on {host}:{port}: {exc.strerror}; try --port {port + 1}", err=True)
            sys.exit(1)
        port = probe.getsockname()[1]
    address = f"http://{host if host != '0.0.0.0' else LOCAL}:{port}/?token={keys.token}"
    click.echo(f"leaflets studio for {Path.cwd()}\nopen {address}\n(press Ctrl+C to stop)")
    if open_browser:
        webbrowser.open(address)
    uvicorn.run(make_app(Path.cwd(), keys, brands), host=host, port=port, log_level="warning", server_header=False)

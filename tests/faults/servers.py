"""Private servers that a fault test may stop, kill and restart without disturbing the shared
ones: running them (as root, as their service user: initdb refuses root), and PostgreSQL by
initdb + pg_ctl on a free port (RabbitMQ: private_rabbit.py)."""

import asyncio
import os
import pwd
import shutil
import socket
from pathlib import Path

PG_BIN = Path(os.environ.get("DP_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
RABBIT_BIN = Path(os.environ.get("DP_TEST_RABBIT_BIN", "/usr/lib/rabbitmq/bin"))
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def available() -> str | None:
    """Why the private servers cannot run here, or None."""
    for binary in (PG_BIN / "initdb", PG_BIN / "pg_ctl", RABBIT_BIN / "rabbitmq-server"):
        if not binary.exists():
            return f"{binary} not installed"
    return None


def service_user(name: str) -> str | None:
    """The account a server runs as: its own service user when we are root, else ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(name)
    except KeyError:
        return "nobody"
    return name


def own(path: Path, user: str | None) -> None:
    if user is not None:
        entry = pwd.getpwnam(user)
        for p in (path, *path.rglob("*")):
            os.chown(p, entry.pw_uid, entry.pw_gid)


async def run_command(
    *argv: str | Path,
    user: str | None,
    env: dict[str, str] | None = None,
    check: bool = True,
    log: Path | None = None,
) -> str:
    """Runs a command to its end; output to `log` when given (a daemon keeps pipes open)."""
    out = log.open("ab") if log else None
    proc = await asyncio.create_subprocess_exec(
        *map(str, argv),
        user=user,
        group=pwd.getpwnam(user).pw_gid if user else None,
        extra_groups=[] if user else None,
        env=env,
        cwd="/",
        stdin=asyncio.subprocess.DEVNULL,
        stdout=out or asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    if out:
        out.close()
    captured, _ = await asyncio.wait_for(proc.communicate(), START_TIMEOUT)
    text = (captured or b"").decode(errors="replace")
    if check and proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({proc.returncode}): {text[-2000:]}")
    return text


class PrivatePostgres:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.user = service_user("postgres")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    async def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        own(self.root, self.user)
        await run_command(
            PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            user=self.user,
        )  # fmt: skip
        conf = (
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.root}'\nfsync = off\n"
            "synchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n"
        )
        with (self.data / "postgresql.conf").open("a") as f:
            f.write(conf)

    async def start(self) -> None:
        log = self.root / "server.log"
        await run_command(
            PG_BIN / "pg_ctl", "-D", self.data, "-l", log, "-w", "start", user=self.user,
            log=self.root / "pg_ctl.log",
        )  # fmt: skip

    async def stop(self, mode: str = "fast") -> None:
        await run_command(
            PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", user=self.user
        )

    async def destroy(self) -> None:
        await run_command(
            PG_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "stop", user=self.user,
            check=False,
        )  # fmt: skip
        await asyncio.to_thread(shutil.rmtree, self.root, True)

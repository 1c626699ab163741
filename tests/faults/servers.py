"""Private PostgreSQL and RabbitMQ servers that a fault test may stop, kill and restart without
disturbing the shared ones: initdb + pg_ctl on a free port, and a second RabbitMQ node with
its own name, ports, data, logs and Erlang cookie. As root, each runs as its service user
(initdb refuses root)."""

import asyncio
import os
import pwd
import secrets
import shutil
import signal
import socket
from pathlib import Path

from tests.helpers import wait_until

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


def _service_user(name: str) -> str | None:
    """The account a server runs as: its own service user when we are root, else ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(name)
    except KeyError:
        return "nobody"
    return name


def _own(path: Path, user: str | None) -> None:
    if user is not None:
        entry = pwd.getpwnam(user)
        for p in (path, *path.rglob("*")):
            os.chown(p, entry.pw_uid, entry.pw_gid)


async def _run(
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
        self.user = _service_user("postgres")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    async def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _own(self.root, self.user)
        await _run(
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
        await _run(
            PG_BIN / "pg_ctl", "-D", self.data, "-l", log, "-w", "start", user=self.user,
            log=self.root / "pg_ctl.log",
        )  # fmt: skip

    async def stop(self, mode: str = "fast") -> None:
        await _run(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", user=self.user)

    async def destroy(self) -> None:
        await _run(
            PG_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "stop", user=self.user,
            check=False,
        )  # fmt: skip
        await asyncio.to_thread(shutil.rmtree, self.root, True)


class PrivateRabbit:
    """A second node (its own RABBITMQ_NODENAME, ports, mnesia, logs and cookie), so restarting
    it never touches the machine's broker."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.dist_port = free_port()
        self.node = f"dpfault{self.port}@localhost"
        self.user = _service_user("rabbitmq")

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def _env(self) -> dict[str, str]:
        r = self.root
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(r),  # its own .erlang.cookie, shared by the server and rabbitmqctl
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(r / "mnesia"),
            "RABBITMQ_LOG_BASE": str(r / "log"),
            "RABBITMQ_PID_FILE": str(r / "rabbit.pid"),
            "RABBITMQ_CONFIG_FILE": str(r / "rabbitmq"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(r / "enabled_plugins"),
            "RABBITMQ_CONF_ENV_FILE": str(r / "rabbitmq-env.conf"),
        }

    async def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n"
        )
        (self.root / "enabled_plugins").write_text("[].\n")
        (self.root / "rabbitmq-env.conf").write_text("")
        cookie = self.root / ".erlang.cookie"
        cookie.write_text(secrets.token_hex(20))
        cookie.chmod(0o400)
        _own(self.root, self.user)

    async def ctl(self, *args: str, check: bool = True) -> str:
        return await _run(
            RABBIT_BIN / "rabbitmqctl", "-n", self.node, *args, user=self.user, env=self._env(),
            check=check,
        )  # fmt: skip

    async def start(self) -> None:
        # A pid file left by a killed node would make `rabbitmqctl wait` watch a dead pid.
        await asyncio.to_thread((self.root / "rabbit.pid").unlink, True)
        await _run(
            RABBIT_BIN / "rabbitmq-server", "-detached", user=self.user, env=self._env(),
            log=self.root / "start.log",
        )  # fmt: skip
        await self.ctl("wait", "--timeout", str(int(START_TIMEOUT)), str(self.root / "rabbit.pid"))

    async def stop(self) -> None:
        await self.ctl("stop")

    async def kill(self) -> None:
        """kill -9 of the node's beam process: no clean shutdown, like a crash."""
        pid_file = self.root / "rabbit.pid"
        pid = int((await asyncio.to_thread(pid_file.read_text)).strip())
        os.kill(pid, signal.SIGKILL)
        await wait_until(lambda: _refused(self.port), timeout=10)

    async def destroy(self) -> None:
        await self.ctl("stop", check=False)
        await asyncio.to_thread(shutil.rmtree, self.root, True)


async def _refused(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return True
    writer.close()
    await writer.wait_closed()
    return False

"""A second RabbitMQ node that a fault test may stop, kill and restart: its own name, ports,
data, logs and Erlang cookie (as root, it runs as the rabbitmq user)."""

import asyncio
import os
import secrets
import shutil
import signal
from pathlib import Path

from tests.faults.servers import (
    RABBIT_BIN,
    START_TIMEOUT,
    free_port,
    own,
    run_command,
    service_user,
)
from tests.helpers import wait_until


class PrivateRabbit:
    """A second node (its own RABBITMQ_NODENAME, ports, mnesia, logs and cookie), so restarting
    it never touches the machine's broker."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.dist_port = free_port()
        self.node = f"dpfault{self.port}@localhost"
        self.user = service_user("rabbitmq")

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
        own(self.root, self.user)

    async def ctl(self, *args: str, check: bool = True) -> str:
        return await run_command(
            RABBIT_BIN / "rabbitmqctl", "-n", self.node, *args, user=self.user, env=self._env(),
            check=check,
        )  # fmt: skip

    async def start(self) -> None:
        # A pid file left by a killed node would make `rabbitmqctl wait` watch a dead pid.
        await asyncio.to_thread((self.root / "rabbit.pid").unlink, True)
        await run_command(
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

"""python -m services.gateway: serve the HTTP API until SIGTERM/SIGINT."""

from aiohttp import web

from services.gateway.app import create_app
from services.gateway.hardening import check_open_bind
from shared.config import Settings
from shared.logging import setup_logging


def main() -> None:
    settings = Settings()
    setup_logging(settings.log_level, settings.log_format)
    check_open_bind(settings)
    # run_app handles SIGTERM/SIGINT: stops accepting, lets requests finish, runs cleanup_ctx.
    web.run_app(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        shutdown_timeout=30,
        access_log=None,
    )


if __name__ == "__main__":
    main()

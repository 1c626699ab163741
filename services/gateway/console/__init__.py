"""The web console: server-rendered page shells (Chinese labels) plus ES modules that use the
public API and its SSE streams. No build step, no CDN: every asset is under /static/."""

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from services.gateway.console import pages

PACKAGE = Path(__file__).resolve().parent.parent
STATIC_DIR = PACKAGE / "static"
TEMPLATE_DIR = PACKAGE / "templates"


def setup_console(app: web.Application) -> None:
    aiohttp_jinja2.setup(
        app, loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, enable_async=True
    )
    app.router.add_get("/", pages.task_list)
    app.router.add_get("/ui/new", pages.new_task)
    app.router.add_get("/ui/tasks/{task_id}", pages.task_page)
    app.router.add_get("/ui/vectors", pages.vector_page)
    app.router.add_get("/ui/tasks/{task_id}/pairs", pages.pairs_page)
    app.router.add_static("/static/", STATIC_DIR, append_version=False)

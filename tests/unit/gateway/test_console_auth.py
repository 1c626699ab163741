"""The console's cookie stands in for the bearer header on reads only."""

from services.gateway.auth import is_open, presented


def test_the_cookie_is_a_token_for_reads():
    assert presented("GET", None, "secret") == "Bearer secret"
    assert presented("HEAD", None, "secret") == "Bearer secret"


def test_a_write_needs_the_header_even_with_the_cookie():
    assert presented("POST", None, "secret") is None
    assert presented("DELETE", None, "secret") is None
    assert presented("POST", "Bearer other", "secret") == "Bearer other"


def test_the_header_wins_over_the_cookie():
    assert presented("GET", "Bearer header", "cookie") == "Bearer header"


def test_pages_and_assets_are_open_the_api_is_not():
    assert is_open("/")
    assert is_open("/static/app.css")
    assert is_open("/ui/tasks/task_20250101_000000")
    assert not is_open("/api/v0/data_pipeline/tasks")
    assert not is_open("/api/v0/data_pipeline/events")

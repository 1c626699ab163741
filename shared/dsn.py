"""libpq connection strings, both forms: `postgresql://...` URIs (multi-host, query parameters)
and `key=value` conninfo (quoted values with backslash escapes). One parser, so masking and the
allow-list see the same host, database and password."""

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

URI_SCHEMES = ("postgresql://", "postgres://")
_KV_KEY = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*")


class DsnError(ValueError):
    """Not a connection string libpq would accept (the message never quotes the input)."""


@dataclass(frozen=True)
class Endpoint:
    host: str  # a name, an address, or a Unix socket directory ("/...")
    port: int | None


@dataclass
class Conninfo:
    """The keywords of one connection string; `host`/`port` may hold comma lists (multi-host)."""

    params: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str | None:
        value = self.params.get(key)
        return value if value not in (None, "") else None

    def endpoints(self) -> list[Endpoint]:
        hosts = (self.get("host") or self.get("hostaddr") or "").split(",")
        ports = (self.get("port") or "").split(",")
        if len(ports) == 1:
            ports = ports * len(hosts)
        if len(ports) != len(hosts):
            raise DsnError("host 与 port 的个数不一致")
        return [Endpoint(h.strip(), _port(p)) for h, p in zip(hosts, ports, strict=True)]


def _port(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 65536:
        raise DsnError("端口必须是 1-65535 的整数")
    return int(text)


def is_uri(dsn: str) -> bool:
    return dsn.startswith(URI_SCHEMES)


def parse(dsn: str) -> Conninfo:
    """Raises DsnError on anything libpq would refuse."""
    return parse_uri(dsn) if is_uri(dsn) else parse_keywords(dsn)


def split_uri(dsn: str) -> tuple[str, str, str, str]:
    """(scheme://, authority, /path, query): the authority ends at the first '/', '?' or '#'
    like urllib (which asyncpg uses), so a password may hold '@' or spaces."""
    scheme = next(s for s in URI_SCHEMES if dsn.startswith(s))
    rest = dsn[len(scheme) :].split("#", 1)[0]
    end = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    path, _, query = tail.partition("?")
    return scheme, authority, path, query


def parse_uri(dsn: str) -> Conninfo:
    _, authority, path, query = split_uri(dsn)
    userinfo, at, hostlist = authority.rpartition("@")
    info = Conninfo()
    if at:
        user, colon, password = userinfo.partition(":")
        info.params["user"] = unquote(user)
        if colon:
            info.params["password"] = unquote(password)
    hosts, ports = _hostlist(hostlist)
    info.params.update(host=",".join(hosts), port=",".join(ports))
    if path.strip("/"):
        info.params["dbname"] = unquote(path[1:])
    for pair in filter(None, query.split("&")):
        key, eq, value = pair.partition("=")
        if not eq:
            raise DsnError("查询参数缺少 '='")
        info.params[unquote(key)] = unquote(value)
    return info


def _hostlist(text: str) -> tuple[list[str], list[str]]:
    hosts: list[str] = []
    ports: list[str] = []
    for item in text.split(","):
        if item.startswith("["):  # [IPv6]:port
            host, bracket, port = item[1:].partition("]")
            if not bracket or (port and not port.startswith(":")):
                raise DsnError("IPv6 地址格式错误")
            port = port[1:]
        else:
            host, _, port = item.partition(":")
        hosts.append(unquote(host))
        ports.append(port)
    return hosts, ports


def parse_keywords(dsn: str) -> Conninfo:
    info = Conninfo()
    for key, value, _ in keyword_spans(dsn):
        info.params[key] = value
    return info


def keyword_spans(dsn: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(key, value, (start, end) of the value as written) for each `key=value`."""
    out: list[tuple[str, str, tuple[int, int]]] = []
    pos = 0
    while dsn[pos:].strip():
        match = _KV_KEY.match(dsn, pos)
        if match is None:
            raise DsnError("连接字符串不是 key=value 形式")
        start = match.end()
        value, pos = _value(dsn, start)
        out.append((match.group(1), value, (start, pos)))
    return out


def _value(dsn: str, pos: int) -> tuple[str, int]:
    """One conninfo value from pos: 'quoted' (\\ escapes) or up to whitespace."""
    quoted = pos < len(dsn) and dsn[pos] == "'"
    chars: list[str] = []
    i = pos + quoted
    while i < len(dsn):
        c = dsn[i]
        if quoted and c == "'":
            return "".join(chars), i + 1
        if not quoted and c.isspace():
            break
        if c == "\\" and i + 1 < len(dsn):
            i += 1
            c = dsn[i]
        chars.append(c)
        i += 1
    if quoted:
        raise DsnError("引号未闭合")
    return "".join(chars), i

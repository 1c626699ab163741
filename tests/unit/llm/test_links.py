"""Join paths: composite foreign keys join on every column, business keys parse from _detail.md."""

from services.executor.llm.base import ColumnDoc, TableDoc
from services.executor.llm.builtin.links import links_of
from services.executor.llm.builtin.sql import Scope, select
from services.executor.steps.ddl_generation.detail_format import parse_detail_md

ORDERS = TableDoc(
    "shop.orders",
    "订单",
    (ColumnDoc("order_id", "bigint", "", primary_key=True), ColumnDoc("order_date", "date", "")),
    "",
)
CITY = TableDoc("city", "城市", (ColumnDoc("id", "integer", "", primary_key=True),), "")
SHIPMENTS = TableDoc(
    "ops.shipments",
    "发货",
    (
        ColumnDoc("order_id", "bigint", "", foreign_key="shop.orders.order_id"),
        ColumnDoc("order_date", "date", "", foreign_key="shop.orders.order_date"),
        ColumnDoc("from_city", "integer", "", foreign_key="city.id"),
        ColumnDoc("to_city", "integer", "", foreign_key="city.id"),
    ),
    "",
)


def test_composite_fk_is_one_link_on_every_column():
    links = links_of((ORDERS, CITY, SHIPMENTS))
    to_orders = [lk for lk in links if lk.parent.name == "shop.orders"]
    assert [lk.pairs for lk in to_orders] == [
        (("order_id", "order_id"), ("order_date", "order_date"))
    ]
    sql = select(Scope(SHIPMENTS, (to_orders[0],)), ["COUNT(*)"])
    assert "ON a.order_id = b.order_id AND a.order_date = b.order_date" in sql


def test_two_fks_to_the_same_parent_column_stay_two_links():
    links = [lk for lk in links_of((ORDERS, CITY, SHIPMENTS)) if lk.parent.name == "city"]
    assert [lk.column for lk in links] == ["from_city", "to_city"]


def test_business_key_line_becomes_a_link():
    detail = "\n".join(
        [
            "## sales（日营业）",
            "字段列表：",
            "- service_no (varchar(255)) - 服务区编码",
            "字段补充说明：",
            "- service_no 为业务键，关联 area.service_area_no（取值重合 100%）",
        ]
    )
    area = "## area（服务区）\n字段列表：\n- service_area_no (varchar(255)) - 服务区编码"
    sales, parent = parse_detail_md(detail), parse_detail_md(area)
    assert sales.columns[0].business_key == "area.service_area_no"
    (link,) = links_of((sales, parent))
    assert (link.column, link.parent.name, link.key, link.business) == (
        "service_no",
        "area",
        "service_area_no",
        True,
    )

"""Real-looking Jiangxi names for the sample data: branch companies, service areas, routes."""

# company_no, company name, service areas (name suffix decides 服务区/停车区).
COMPANIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("H01", "南昌分公司", ("南昌南服务区", "进贤服务区", "白鹭湖停车区")),
    ("H02", "宜春分公司", ("宜春服务区", "樟树服务区", "丰城服务区")),
    ("H03", "上饶分公司", ("上饶服务区", "三清山服务区", "婺源服务区")),
    ("H04", "赣州分公司", ("赣州服务区", "南康北服务区", "信丰西服务区", "瑞金服务区")),
    ("H05", "九江分公司", ("庐山服务区", "九江服务区", "武宁服务区")),
    ("H06", "吉安分公司", ("吉安服务区", "井冈山服务区", "泰和停车区")),
    ("H07", "景德镇分公司", ("景德镇服务区", "乐平服务区")),
    ("H08", "抚州分公司", ("抚州服务区", "鹰潭服务区", "金溪停车区")),
    ("Q01", "萍乡分公司", ("萍乡服务区", "新余服务区")),
)

# (section_name, route_name): a section (路段) belongs to a route (路线).
ROUTES: tuple[tuple[str, str], ...] = (
    ("昌栗", "昌栗"),
    ("昌宁", "昌宁"),
    ("昌韶", "昌韶"),
    ("昌九", "昌九"),
    ("昌樟", "沪昆"),
    ("梨温", "沪昆"),
    ("温厚", "济广"),
    ("赣定", "大广"),
    ("泰井", "泰井"),
    ("景婺黄", "杭瑞"),
    ("昌奉", "昌铜"),
    ("瑞寻", "厦蓉"),
)

AREA_TYPES = ("信息化服务区", "智能化服务区")
AREA_STATES = ("开放", "关闭", "上传数据")
# Mapper source systems and their source_type code.
SOURCE_SYSTEMS: tuple[tuple[str, int], ...] = (
    ("司乘管理", 0),
    ("驿购", 1),
    ("驿美", 3),
    ("商业管理", 4),
    ("手工录入", 5),
)
BRANCH_BRANDS = ("鲜徕客", "驿美餐厅", "驿购超市", "赣味小吃", "星驿咖啡", "特产店")
BRANCH_ZONES = ("东区", "西区", "南区", "北区")
CAR_TYPES = ("其他", "危化品", "城际", "过境")
CREATORS = ("admin", "xingba")

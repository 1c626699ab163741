-- A richer second business schema: PG enums, composite keys (PK and FK), a business key
-- without FK (shipments.order_no = orders.order_no), tables without comments, reserved-word
-- columns, a view, serial and identity keys, two non-public schemas. Data ends in 2025.
DROP SCHEMA IF EXISTS shop CASCADE;
DROP SCHEMA IF EXISTS ops CASCADE;
CREATE SCHEMA shop;
CREATE SCHEMA ops;
CREATE TYPE shop.order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');
CREATE TYPE shop.customer_tier AS ENUM ('bronze', 'silver', 'gold');
CREATE TABLE shop.customers (
  customer_id serial PRIMARY KEY,
  customer_name varchar(100) NOT NULL,
  tier shop.customer_tier NOT NULL DEFAULT 'bronze',
  city varchar(50),
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE shop.customers IS '客户信息表';
COMMENT ON COLUMN shop.customers.customer_id IS '客户ID';
COMMENT ON COLUMN shop.customers.customer_name IS '客户名称';
COMMENT ON COLUMN shop.customers.tier IS '客户等级';
COMMENT ON COLUMN shop.customers.city IS '所在城市';
COMMENT ON COLUMN shop.customers.created_at IS '注册时间';
CREATE TABLE shop.categories (
  category_id integer PRIMARY KEY,
  category_name text NOT NULL
);
COMMENT ON TABLE shop.categories IS '商品类目表';
COMMENT ON COLUMN shop.categories.category_id IS '类目ID';
COMMENT ON COLUMN shop.categories.category_name IS '类目名称';
CREATE TABLE shop.products (
  product_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_name text NOT NULL,
  category_id integer NOT NULL REFERENCES shop.categories (category_id),
  price numeric(10,2) NOT NULL CHECK (price > 0),
  is_active boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE shop.products IS '商品信息表';
COMMENT ON COLUMN shop.products.product_id IS '商品ID';
COMMENT ON COLUMN shop.products.product_name IS '商品名称';
COMMENT ON COLUMN shop.products.category_id IS '类目ID';
COMMENT ON COLUMN shop.products.price IS '商品单价';
COMMENT ON COLUMN shop.products.is_active IS '是否在售';
CREATE TABLE shop.orders (
  order_id bigint NOT NULL,
  order_date date NOT NULL,
  order_no varchar(20) NOT NULL UNIQUE,
  customer_id integer NOT NULL REFERENCES shop.customers (customer_id),
  status shop.order_status NOT NULL DEFAULT 'pending',
  total_amount numeric(12,2) NOT NULL DEFAULT 0,
  item_count integer NOT NULL DEFAULT 0,
  "order" varchar(10) NOT NULL DEFAULT 'app',
  PRIMARY KEY (order_id, order_date)
);
COMMENT ON TABLE shop.orders IS '订单主表';
COMMENT ON COLUMN shop.orders.order_id IS '订单ID';
COMMENT ON COLUMN shop.orders.order_date IS '下单日期';
COMMENT ON COLUMN shop.orders.order_no IS '订单编号';
COMMENT ON COLUMN shop.orders.customer_id IS '客户ID';
COMMENT ON COLUMN shop.orders.status IS '订单状态';
COMMENT ON COLUMN shop.orders.total_amount IS '订单总金额';
COMMENT ON COLUMN shop.orders.item_count IS '商品件数';
COMMENT ON COLUMN shop.orders."order" IS '下单渠道';
CREATE TABLE shop.order_items (
  order_id bigint NOT NULL,
  order_date date NOT NULL,
  line_no smallint NOT NULL,
  product_id bigint NOT NULL REFERENCES shop.products (product_id),
  quantity integer NOT NULL DEFAULT 1,
  unit_price numeric(10,2) NOT NULL,
  PRIMARY KEY (order_id, line_no),
  FOREIGN KEY (order_id, order_date) REFERENCES shop.orders (order_id, order_date)
);
CREATE TABLE ops.shipments (
  shipment_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_no varchar(20) NOT NULL,
  carrier varchar(20) NOT NULL,
  "select" text,
  ship_date date NOT NULL,
  weight_kg real,
  fee numeric(8,2) NOT NULL
);
COMMENT ON TABLE ops.shipments IS '物流发货记录表';
COMMENT ON COLUMN ops.shipments.order_no IS '订单编号';
COMMENT ON COLUMN ops.shipments.carrier IS '承运商';
COMMENT ON COLUMN ops.shipments."select" IS '配送选项';
COMMENT ON COLUMN ops.shipments.ship_date IS '发货日期';
COMMENT ON COLUMN ops.shipments.weight_kg IS '包裹重量';
COMMENT ON COLUMN ops.shipments.fee IS '运费金额';
CREATE VIEW shop.v_customer_revenue AS
  SELECT c.customer_id, c.customer_name, c.tier, count(o.order_id) AS order_count,
         coalesce(sum(o.total_amount), 0) AS revenue
  FROM shop.customers c LEFT JOIN shop.orders o ON o.customer_id = c.customer_id
  GROUP BY 1, 2, 3;
COMMENT ON VIEW shop.v_customer_revenue IS '客户营收汇总视图';

SELECT setseed(0.42);
INSERT INTO shop.categories VALUES (1, '数码'), (2, '家居'), (3, '食品'), (4, '图书'), (5, '服饰');
INSERT INTO shop.customers (customer_name, tier, city)
  SELECT '客户' || i, (ARRAY['bronze', 'silver', 'gold'])[1 + i % 3]::shop.customer_tier,
         (ARRAY['北京', '上海', '广州', '深圳', '杭州'])[1 + i % 5]
  FROM generate_series(1, 60) i;
INSERT INTO shop.products (product_name, category_id, price)
  SELECT '商品' || i, 1 + i % 5, (10 + i * 3.5)::numeric(10,2) FROM generate_series(1, 40) i;
INSERT INTO shop.orders
  SELECT i, DATE '2025-06-30' - (i % 120), 'NO' || lpad(i::text, 6, '0'), 1 + i % 60,
         (ARRAY['pending', 'paid', 'shipped', 'delivered', 'cancelled'])[1 + i % 5]::shop.order_status,
         (50 + (i * 37) % 900)::numeric(12,2), 1 + i % 4, (ARRAY['app', 'web', 'store'])[1 + i % 3]
  FROM generate_series(1, 400) i;
INSERT INTO shop.order_items
  SELECT o.order_id, o.order_date, n, 1 + (o.order_id * n) % 40, 1 + (o.order_id * n) % 5, (10 + n * 7)::numeric(10,2)
  FROM shop.orders o, generate_series(1, 2) n;
INSERT INTO ops.shipments (order_no, carrier, "select", ship_date, weight_kg, fee)
  SELECT order_no, (ARRAY['顺丰', '中通', '圆通'])[1 + order_id % 3], (ARRAY['标准', '加急'])[1 + order_id % 2],
         order_date + 1, 0.5 + (order_id % 10) * 0.37, (8 + order_id % 12)::numeric(8,2)
  FROM shop.orders WHERE status IN ('shipped', 'delivered');
ANALYZE;

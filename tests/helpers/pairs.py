"""What the builtin pair generator must reach on any sample schema (highway, retail): the least
share of its pairs that shows each SQL feature."""

FEATURE_MINIMUM = {
    "join": 0.45,
    "three_tables": 0.20,
    "business_key_join": 0.10,
    "date": 0.50,
    "having": 0.05,
    "case": 0.05,
    "float_ratio": 0.10,
}

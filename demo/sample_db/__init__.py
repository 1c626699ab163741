"""Builds the sample highway_db business database: schema from the reference DDL, generated rows."""

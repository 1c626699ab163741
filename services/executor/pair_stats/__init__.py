"""Figures of a question/SQL pair file: joins, dates, HAVING, CASE, ratios, duplicates, rows."""
